import { describe, expect, it } from "vitest";
import type { DetectorFamilyName, DetectorLayout } from "../../src/mllm/detection/detector-layout.ts";
import { CALIBRATED_SETTINGS, familyDefaultSettings, rawFamilySettings } from "../../src/mllm/onnx-detector/index.ts";

/** A layout as a family would recognise it; these tests only read its family and input size. */
function layoutOf(family: DetectorFamilyName, side: number): DetectorLayout {
  return {
    family,
    inputWidth: side,
    inputHeight: side,
    classCount: 80,
    detectRegion: () => Promise.reject(new Error("settings tests never run a model")),
  };
}

const nano = CALIBRATED_SETTINGS.find((entry) => entry.model === "yolox-nano")!;

describe("settings of a model nobody calibrated", () => {
  it("a 416-px YOLOX (Nano, Tiny) counts with YOLOX-Nano's calibrated settings", () => {
    expect(familyDefaultSettings(layoutOf("yolox", 416))).toEqual(nano.settings);
  });

  it("any other model gets its family's own one-pass settings", () => {
    expect(familyDefaultSettings(layoutOf("yolox", 640))).toEqual(rawFamilySettings(layoutOf("yolox", 640)));
    expect(familyDefaultSettings(layoutOf("ultralytics", 640))).toMatchObject({ scoreThreshold: 0.25, nmsIouThreshold: 0.7, tiling: false });
    expect(familyDefaultSettings(layoutOf("detr", 416))).toMatchObject({ scoreThreshold: 0.45, nmsIouThreshold: 0.7, tiling: false });
  });

  it("the raw figure calibration is compared with is YOLOX's own demo settings, one pass, even at 416 px", () => {
    const raw = rawFamilySettings(layoutOf("yolox", 416));
    expect(raw).toEqual({ scoreThreshold: 0.3, candidateThreshold: 0.1, nmsIouThreshold: 0.45, containmentThreshold: 1, tiling: false });
    expect(raw).not.toEqual(nano.settings);
  });
});

describe("YOLOX-Nano's built-in settings", () => {
  // `viper calibrate yolox-nano --models-dir ../shared/models` takes minutes on train2017, too long for a unit
  // test; this pins its choice so that a change to the table is made on purpose (docs/BENCHMARKS.md rests on it).
  it("are what viper calibrate chose on train2017: Soft-NMS σ 0.1, t 0.225, whole image + 416-px tiles", () => {
    expect(nano.settings).toMatchObject({ scoreThreshold: 0.225, nmsIouThreshold: 0.8, softNmsSigma: 0.1, containmentThreshold: 1, tiling: { tileSizePx: 416 } });
  });
});
