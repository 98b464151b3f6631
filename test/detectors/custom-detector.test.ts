import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { createOnnxDetector } from "../../src/mllm/onnx-detector/index.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";
import { ultralyticsDetectorFixture, yoloxDetectorFixture } from "../fixtures/onnx/detector-fixtures.ts";
import { depthAnythingFixture } from "../fixtures/onnx/index.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { cocoPhoto } from "../fixtures/coco-photos.ts";
import { photoContext } from "./coco-tiny.ts";

const folder = useTemporaryFolder({ prefix: "viper-custom-detector-" });
const program = (body: string) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n  ${body}\n}`;

/** Writes a tiny random-weight Ultralytics-layout model trained on "hardhat" and "vest" (by its metadata). */
async function hardhatModel(): Promise<string> {
  const path = join(folder(), "best.onnx");
  await writeFile(path, ultralyticsDetectorFixture({ classCount: 2, classNames: ["hardhat", "vest"] }));
  return path;
}

describe("a user's own Ultralytics model with its own classes", () => {
  it("is recognised from its inputs and outputs, and its vocabulary comes from its names metadata", async () => {
    const detector = await createOnnxDetector({ model: await hardhatModel() });
    expect(detector.id).toBe("best.onnx");
    expect(detector.vocabulary).toEqual(["hardhat", "vest"]);
    expect(detector.scenes).toEqual(["photo"]);
    const loaded = await detector.model();
    expect(loaded.layout).toMatchObject({ family: "ultralytics", inputWidth: 64, inputHeight: 64, classCount: 2 });
    expect(loaded.settingsSource).toBe("family-default");
    expect(detector.scoreThreshold).toBe(0.25);
    await detector.dispose();
  });

  it('find("hardhat") routes to it through the ImagePatch API, and find("dog") is NO_BACKEND naming its vocabulary', async () => {
    const path = await hardhatModel();
    const { image } = await cocoPhoto("000000318080.jpg", 23);
    const perception = await createPerception({ detector: path });
    const direct = await createOnnxDetector({ model: path });
    try {
      const expected = (await direct.detect(image, "hardhat", photoContext(image))).length;
      expect(expected).toBeGreaterThan(0);
      const run = await runProgramOnImage({ image, source: program(`return (await image.find("hard hats")).length;`), perception });
      expect(run.answer).toBe(expected);
      expect(run.trace[0]).toMatchObject({ tool: "find", args: ["hard hats"], result: `${expected} patches` });

      const error = await rejectionOf(runProgramOnImage({ image, source: program(`return (await image.find("dog")).length;`), perception }));
      expect(error.code).toBe("NO_BACKEND");
      expect(error.message).toContain('find("dog")');
      expect(error.message).toContain("best.onnx can find hardhat, vest");
      expect(error.details.vocabularies).toEqual([{ id: "best.onnx", vocabulary: ["hardhat", "vest"] }]);
    } finally {
      await perception.dispose();
      await direct.dispose();
    }
  });

  it("--min-score overrides the threshold it would use", async () => {
    const path = await hardhatModel();
    const strict = await createOnnxDetector({ model: path, minScore: 0.99 });
    const { image } = await cocoPhoto("000000318080.jpg", 23);
    const loose = await createOnnxDetector({ model: path, minScore: 0.01 });
    const strictCount = (await strict.detect(image, "hardhat", photoContext(image))).length;
    const looseCount = (await loose.detect(image, "hardhat", photoContext(image))).length;
    expect(strict.scoreThreshold).toBe(0.99);
    expect(strictCount).toBeLessThan(looseCount);
    await strict.dispose();
    await loose.dispose();
    expect(ViperError.hasCode(await rejectionOf(createOnnxDetector({ model: path, minScore: 1.5 })), "CONFIG_INVALID")).toBe(true);
  });
});

describe("class names for a file that carries none", () => {
  it("takes them from --labels (one per line), and refuses a labels file with the wrong number of names", async () => {
    const model = join(folder(), "nameless.onnx");
    await writeFile(model, ultralyticsDetectorFixture({ classCount: 3 }));
    const labels = join(folder(), "classes.txt");
    await writeFile(labels, "forklift\npallet\nsafety cone\n");
    const perception = await createPerception({ detector: model, labels });
    expect(perception.detectors.map((detector) => [detector.id, detector.vocabulary])).toEqual([
      ["pixels", expect.any(Array)],
      ["nameless.onnx", ["forklift", "pallet", "safety cone"]],
    ]);
    await perception.dispose();

    await writeFile(labels, "forklift\npallet\n");
    const mismatch = await rejectionOf(createPerception({ detector: model, labels }));
    expect(mismatch.code).toBe("CONFIG_INVALID");
    expect(mismatch.message).toContain("scores 3 classes");
    const unnamed = await rejectionOf(createPerception({ detector: model }));
    expect(unnamed.code).toBe("CONFIG_INVALID");
    expect(unnamed.message).toContain("--labels");
  });

  it("--labels needs exactly one .onnx file in --detector", async () => {
    const error = await rejectionOf(createPerception({ detector: "yolox", labels: join(folder(), "classes.txt") }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("exactly one .onnx path");
  });

  it("assumes COCO's 80 classes for an 80-class file without names, and says so", async () => {
    const model = join(folder(), "coco-like.onnx");
    await writeFile(model, yoloxDetectorFixture({ classCount: 80 }));
    const notices: string[] = [];
    const detector = await createOnnxDetector({ model, onNotice: (message) => notices.push(message) });
    expect(detector.vocabulary).toHaveLength(80);
    expect(detector.vocabulary[0]).toBe("person");
    expect((await detector.model()).layout.family).toBe("yolox");
    expect(notices.join("\n")).toContain("assuming COCO's 80 classes");
    await detector.dispose();
  });
});

describe("files that are not a known detector", () => {
  it("an unknown layout → MODEL_LOAD naming the inputs and outputs found and the layouts known", async () => {
    const odd = join(folder(), "depth.onnx");
    await writeFile(odd, depthAnythingFixture()["onnx/model.onnx"] as Uint8Array);
    const error = await rejectionOf(createOnnxDetector({ model: odd }));
    expect(error.code).toBe("MODEL_LOAD");
    expect(error.message).toContain("pixel_values float32 [batch_size,3,height,width]");
    expect(error.message).toContain("predicted_depth");
    for (const family of ["YOLOX", "Ultralytics", "DETR"]) expect(error.message).toContain(family);
  });

  it("a missing file → MODEL_NOT_FOUND; an unknown detector name → CONFIG_INVALID listing the choices", async () => {
    expect((await rejectionOf(createPerception({ detector: join(folder(), "nowhere.onnx") }))).code).toBe("MODEL_NOT_FOUND");
    const unknown = await rejectionOf(createPerception({ detector: "yolo-v99" }));
    expect(unknown.code).toBe("CONFIG_INVALID");
    expect(unknown.message).toContain("yolox-m");
    expect(unknown.message).toContain(".onnx");
  });
});
