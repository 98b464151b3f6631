import { describe, expect, it } from "vitest";
import { COCO_CLASSES, createLabelRouter, describeVocabulary, routeCocoLabel, unsupportedLabelError } from "../../src/mllm/labels/index.ts";
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

describe("createLabelRouter over a model's own vocabulary", () => {
  const namesIn = (vocabulary: string[], label: string) => createLabelRouter(vocabulary).route(label)?.classIndices.map((index) => vocabulary[index]);

  it("routes a custom model's class names, plurals, case and spellings with or without spaces", () => {
    const vocabulary = ["hardhat", "vest", "safety cone", "NO-Hardhat"];
    expect(namesIn(vocabulary, "hardhat")).toEqual(["hardhat"]);
    expect(namesIn(vocabulary, "the hardhats")).toEqual(["hardhat"]);
    expect(namesIn(vocabulary, "hard hats")).toEqual(["hardhat"]);
    expect(namesIn(vocabulary, "Safety-Cones")).toEqual(["safety cone"]);
    expect(namesIn(vocabulary, "safetycone")).toEqual(["safety cone"]);
    expect(namesIn(vocabulary, "no hardhat")).toEqual(["NO-Hardhat"]);
    expect(namesIn(vocabulary, "red vests")).toEqual(["vest"]);
    expect(createLabelRouter(vocabulary).route("red vests")?.color).toBe("red");
  });

  it("refuses COCO nouns a custom model does not have, and gives 'objects' every class it has", () => {
    const vocabulary = ["hardhat", "vest"];
    for (const label of ["dog", "person", "people", "animals", "unicorn"]) expect(namesIn(vocabulary, label)).toBeUndefined();
    expect(namesIn(vocabulary, "objects")).toEqual(["hardhat", "vest"]);
  });

  it("applies COCO synonyms and hypernyms to the COCO classes a model has, in its own class order", () => {
    const vocabulary = ["dog", "forklift", "person", "cat"];
    expect(namesIn(vocabulary, "kids")).toEqual(["person"]);
    expect(namesIn(vocabulary, "puppies")).toEqual(["dog"]);
    expect(namesIn(vocabulary, "animals")).toEqual(["cat", "dog"]);
    expect(namesIn(vocabulary, "forklifts")).toEqual(["forklift"]);
    expect(namesIn(vocabulary, "pets")).toEqual(["cat", "dog"]);
  });

  it("lets a class the model has win over a COCO synonym spelled the same", () => {
    expect(namesIn(["glass", "cup", "wine glass"], "glass")).toEqual(["glass"]);
    expect(namesIn(["cup", "wine glass"], "glass")).toEqual(["wine glass", "cup"]);
  });
});

describe("unsupportedLabelError", () => {
  it("is NO_BACKEND, names what the detector can find and the open-vocabulary detector to configure", () => {
    const error = unsupportedLabelError("unicorn", "yolox-nano", COCO_CLASSES.map((cocoClass) => cocoClass.name));
    expect(ViperError.hasCode(error, "NO_BACKEND")).toBe(true);
    expect(error.message).toContain("unicorn");
    expect(error.message).toContain("person, bicycle, car");
    expect(error.message).toContain("and 68 more");
    expect(error.message).toContain("--detector owlv2");
  });

  it("lists a short vocabulary whole", () => {
    expect(describeVocabulary(["hardhat", "vest"])).toBe("hardhat, vest");
    expect(describeVocabulary("open")).toContain("any noun");
  });
});
