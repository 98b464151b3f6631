import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { sha256OfFile } from "../../src/mllm/model-store/index.ts";
import { createOnnxDetector, readSettingsFile, settingsFilePath } from "../../src/mllm/onnx-detector/index.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { COCO_FIXTURE_DIR } from "../fixtures/coco-photos.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { describeRequiring } from "../fixtures/test-requirements.ts";
import { YOLOX_NANO_FILE } from "./coco-tiny.ts";

const folder = useTemporaryFolder({ prefix: "viper-calibration-" });
const FIXTURE_IMAGES = join(COCO_FIXTURE_DIR, "val2017");

/** A COCO instances file `instances_<split>.json` holding one of the fixture photos (and its annotations). */
async function onePhotoSplit(split: string, fileName: string): Promise<string> {
  const file = JSON.parse(await readFile(join(COCO_FIXTURE_DIR, "annotations", "instances_val2017.json"), "utf8"));
  const images = file.images.filter((image: { file_name: string }) => image.file_name === fileName);
  const ids = new Set(images.map((image: { id: number }) => image.id));
  const path = join(folder(), `instances_${split}.json`);
  await writeFile(path, JSON.stringify({ ...file, images, annotations: file.annotations.filter((annotation: { image_id: number }) => ids.has(annotation.image_id)) }));
  return path;
}

describeRequiring([YOLOX_NANO_FILE], "viper calibrate", () => {
  it("chooses settings on one split, reports them on another, and writes them where the detector reads them", async () => {
    const models = join(folder(), "models");
    await mkdir(models);
    const model = join(models, "nano.onnx");
    await copyFile(YOLOX_NANO_FILE.path, model);
    // One photo each keeps this to about 30 model passes; the real calibration runs on coco-tiny (docs/BENCHMARKS.md).
    const train = await onePhotoSplit("train2017", "000000454661.jpg");
    const val = await onePhotoSplit("val2017", "000000318080.jpg");
    const { exitCode, stdout, stderr } = await runViperInProcess(["calibrate", model, "--train", train, "--train-images", FIXTURE_IMAGES, "--val", val, "--val-images", FIXTURE_IMAGES]);
    expect(stderr).toContain("train: 1/1 images");
    expect(exitCode).toBe(0);
    // 4 tilings (none, 416, 277, 208 px) × (7 NMS IoUs + 5 Soft-NMS widths) × 2 containments × 35 thresholds.
    expect(stdout).toContain("3360 configurations compared");
    expect(stdout).toMatch(/^val \(reported, not chosen on\): \d+\.\d% exact/m);
    const written = settingsFilePath(model);
    expect(written).toBe(join(models, "nano.calibration.json"));
    expect(stdout).toContain(`written: ${written}`);
    const calibration = (await readSettingsFile(written))!;
    expect(calibration.model).toBe("nano.onnx");
    expect(calibration.settings.scoreThreshold).toBeGreaterThan(0);

    const detector = await createOnnxDetector({ model });
    expect((await detector.model()).settingsSource).toBe("calibration-file");
    expect(await detector.settings()).toEqual(calibration.settings);
    await detector.dispose();
  }, 180_000);

  it("a calibration file made for other bytes is ignored with a notice; a broken one is CONFIG_INVALID", async () => {
    const model = join(folder(), "other.onnx");
    await copyFile(YOLOX_NANO_FILE.path, model);
    const settings = { scoreThreshold: 0.9, candidateThreshold: 0.1, nmsIouThreshold: 0.5, containmentThreshold: 1, tiling: false };
    await writeFile(settingsFilePath(model), JSON.stringify({ model: "other.onnx", sha256: ["0".repeat(64)], settings }));
    const notices: string[] = [];
    const detector = await createOnnxDetector({ model, onNotice: (message) => notices.push(message) });
    expect((await detector.model()).settingsSource).toBe("calibrated");
    expect(notices.join("\n")).toContain("calibrated for another file");
    await detector.dispose();

    await writeFile(settingsFilePath(model), JSON.stringify({ model: "other.onnx", sha256: [], settings: { ...settings, scoreThreshold: 3 } }));
    const error = await rejectionOf(createOnnxDetector({ model }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain(resolve(settingsFilePath(model)));
  });

  it("a calibration file may choose Soft-NMS; a width that is not a positive number is CONFIG_INVALID", async () => {
    const model = join(folder(), "soft.onnx");
    await copyFile(YOLOX_NANO_FILE.path, model);
    const settings = { scoreThreshold: 0.3, candidateThreshold: 0.1, nmsIouThreshold: 0.8, softNmsSigma: 0.3, containmentThreshold: 1, tiling: false };
    const sha256 = [await sha256OfFile(model)];
    await writeFile(settingsFilePath(model), JSON.stringify({ model: "soft.onnx", sha256, settings }));
    const detector = await createOnnxDetector({ model });
    expect((await detector.model()).settingsSource).toBe("calibration-file");
    expect((await detector.settings()).softNmsSigma).toBe(0.3);
    await detector.dispose();

    await writeFile(settingsFilePath(model), JSON.stringify({ model: "soft.onnx", sha256, settings: { ...settings, softNmsSigma: -1 } }));
    expect((await rejectionOf(createOnnxDetector({ model }))).code).toBe("CONFIG_INVALID");
  });
});
