import { describe, expect, it } from "vitest";
import { COCO_CLASSES, routeCocoLabel, unsupportedLabelError } from "../../src/mllm/labels/index.ts";
import { ViperError } from "../../src/errors/index.ts";

function namesOf(label: string): string[] | undefined {
  return routeCocoLabel(label)?.classes.map((cocoClass) => cocoClass.name);
}

describe("COCO classes", () => {
  it("lists the 80 categories in id order, as the detector numbers them", () => {
    expect(COCO_CLASSES).toHaveLength(80);
    expect(COCO_CLASSES[0]?.name).toBe("person");
    expect(COCO_CLASSES[79]?.name).toBe("toothbrush");
    const ids = COCO_CLASSES.map((cocoClass) => cocoClass.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(COCO_CLASSES.every((cocoClass, index) => cocoClass.index === index)).toBe(true);
  });
});

describe("routeCocoLabel", () => {
  it.each([
    ["dog", ["dog"]], ["dogs", ["dog"]], ["Dog", ["dog"]], ["a dog", ["dog"]], ["the dogs", ["dog"]],
    ["people", ["person"]], ["mice", ["mouse"]], ["knives", ["knife"]], ["skis", ["skis"]], ["ski", ["skis"]],
    ["sheep", ["sheep"]], ["buses", ["bus"]], ["benches", ["bench"]], ["wine glasses", ["wine glass"]],
    ["glasses", ["wine glass", "cup"]], ["cell phone", ["cell phone"]], ["traffic-light", ["traffic light"]],
    ["toothbrushes", ["toothbrush"]], ["orange", ["orange"]], ["oranges", ["orange"]],
  ])("routes the class name or plural %j", (label, expected) => {
    expect(namesOf(label)).toEqual(expected);
  });

  it.each(["kid", "child", "children", "man", "men", "woman", "women", "boy", "girl", "person", "pedestrian", "kids"])(
    "routes %j to person",
    (label) => expect(namesOf(label)).toEqual(["person"]),
  );

  it.each([
    ["puppy", "dog"], ["kittens", "cat"], ["automobile", "car"], ["motorbike", "motorcycle"], ["aeroplane", "airplane"],
    ["plane", "airplane"], ["television", "tv"], ["TV", "tv"], ["phone", "cell phone"], ["mobile phone", "cell phone"],
    ["sofa", "couch"], ["fridge", "refrigerator"], ["doughnuts", "donut"],
  ])("routes the synonym %j to %j", (label, expected) => {
    expect(namesOf(label)).toEqual([expected]);
  });

  it("routes hypernyms to every class of the group", () => {
    expect(namesOf("animals")).toEqual(["bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"]);
    expect(namesOf("vehicle")).toEqual(["bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"]);
    expect(namesOf("food")).toContain("pizza");
    expect(namesOf("food")).not.toContain("bowl");
    expect(namesOf("fruit")).toEqual(["banana", "apple", "orange"]);
    expect(namesOf("furniture")).toContain("couch");
    expect(namesOf("kitchenware")).toContain("fork");
    expect(namesOf("objects")).toHaveLength(80);
  });

  it("keeps a leading colour word as a filter", () => {
    expect(routeCocoLabel("the red car")).toMatchObject({ noun: "car", color: "red", classes: [{ name: "car" }] });
    expect(routeCocoLabel("grey cats")).toMatchObject({ noun: "cats", color: "gray", classes: [{ name: "cat" }] });
    expect(routeCocoLabel("orange car")).toMatchObject({ color: "orange", classes: [{ name: "car" }] });
  });

  it.each(["unicorn", "sleeping dog", "red", "", "the", "dog house", "42"])("refuses %j, which COCO classes cannot answer", (label) => {
    expect(routeCocoLabel(label)).toBeUndefined();
  });
});

describe("unsupportedLabelError", () => {
  it("is NO_BACKEND and names the open-vocabulary detector to configure", () => {
    const error = unsupportedLabelError("unicorn", "yolox");
    expect(ViperError.hasCode(error, "NO_BACKEND")).toBe(true);
    expect(error.message).toContain("unicorn");
    expect(error.message).toContain("--detector owlv2");
  });
});
