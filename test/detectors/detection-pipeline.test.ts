import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { nonMaximumSuppression, softNonMaximumSuppression } from "../../src/mllm/box-geometry.ts";
import { createOnnxSession } from "../../src/mllm/onnx/index.ts";
import { mergeCandidates, planTiles, prepareModelInput } from "../../src/mllm/detection/index.ts";
import { decodeUltralyticsOutput } from "../../src/mllm/ultralytics/index.ts";
import { decodeYoloxOutput } from "../../src/mllm/yolox/index.ts";
import { describeRequiring } from "../fixtures/test-requirements.ts";
import { YOLOX_NANO_FILE } from "./coco-tiny.ts";

function solidImage(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let index = 0; index < width * height; index++) data.set(rgb, index * 3);
  return { width, height, data };
}

const YOLOX_INPUT = { width: 416, height: 416, fit: "letterbox-top-left", channelOrder: "bgr", valueScale: 1 } as const;

describe("model input", () => {
  it("YOLOX: puts the resized image at the top-left as BGR 0–255 floats and pads the rest with 114", () => {
    const image = solidImage(100, 50, [200, 100, 10]);
    const input = prepareModelInput(image, { x0: 0, y0: 0, x1: 100, y1: 50 }, YOLOX_INPUT);
    const plane = 416 * 416;
    expect(input.scaleX).toBeCloseTo(4.16);
    expect(input.scaleY).toBeCloseTo(4.16);
    expect([input.tensor[0], input.tensor[plane], input.tensor[2 * plane]]).toEqual([10, 100, 200]);
    const belowImage = 300 * 416 + 10;
    expect([input.tensor[belowImage], input.tensor[plane + belowImage], input.tensor[2 * plane + belowImage]]).toEqual([114, 114, 114]);
    expect(input.tensor[208 * 416 + 415]).toBe(114);
    expect(input.tensor[207 * 416 + 415]).toBe(10);
  });

  it("Ultralytics: centres the resized image as RGB 0–1, padding 114/255 above and below", () => {
    const image = solidImage(100, 50, [200, 100, 10]);
    const input = prepareModelInput(image, { x0: 0, y0: 0, x1: 100, y1: 50 }, { width: 640, height: 640, fit: "letterbox-centre", channelOrder: "rgb", valueScale: 1 / 255 });
    const plane = 640 * 640;
    expect(input.scaleX).toBeCloseTo(6.4);
    expect([input.offsetX, input.offsetY]).toEqual([0, 160]);
    const top = 10 * 640 + 10;
    const middle = 320 * 640 + 10;
    expect(input.tensor[top]).toBeCloseTo(114 / 255);
    expect([input.tensor[middle], input.tensor[plane + middle], input.tensor[2 * plane + middle]].map((value) => Math.round(value! * 255))).toEqual([200, 100, 10]);
  });

  it("DETR: stretches the region to the input without padding", () => {
    const image = solidImage(100, 50, [200, 100, 10]);
    const input = prepareModelInput(image, { x0: 0, y0: 0, x1: 100, y1: 50 }, { width: 416, height: 416, fit: "stretch", channelOrder: "rgb", valueScale: 1 / 255 });
    expect([input.scaleX, input.scaleY]).toEqual([4.16, 8.32]);
    expect(Math.round(input.tensor[415 * 416 + 415]! * 255)).toBe(200);
  });

  it("letterboxes only the requested region (a tile)", () => {
    const image = solidImage(200, 100, [0, 0, 0]);
    image.data.fill(255, (50 * 200 + 150) * 3, (50 * 200 + 151) * 3);
    const input = prepareModelInput(image, { x0: 100, y0: 0, x1: 200, y1: 100 }, YOLOX_INPUT);
    expect(input.scaleX).toBeCloseTo(4.16);
    let brightest = 0;
    for (const value of input.tensor.subarray(0, 416 * 416)) brightest = Math.max(brightest, value);
    expect(brightest).toBeGreaterThan(100);
  });
});

describe("decodeYoloxOutput", () => {
  it("decodes grid offsets and log sizes per stride, scoring objectness × class", () => {
    const row = 85;
    const output = new Float32Array(3549 * row);
    // The anchor at grid (2, 1) of stride 16 comes after all 52×52 stride-8 anchors.
    const anchor = 52 * 52 + 1 * 26 + 2;
    output.set([0.5, 0.5, Math.log(2), Math.log(1), 0.9], anchor * row);
    output[anchor * row + 5 + 17] = 0.8;
    const [candidate, ...rest] = decodeYoloxOutput(output, { inputWidth: 416, inputHeight: 416, scoreThreshold: 0.3 });
    expect(rest).toEqual([]);
    expect(candidate?.classIndex).toBe(17);
    expect(candidate?.score).toBeCloseTo(0.72);
    const { x0, y0, x1, y1 } = candidate!.box;
    [x0, y0, x1, y1].forEach((value, index) => expect(value).toBeCloseTo([40 - 16, 24 - 8, 40 + 16, 24 + 8][index]!, 4));
  });

  it("refuses an output whose size does not fit the input size with MODEL_LOAD, naming the expected size", () => {
    const decode = () => decodeYoloxOutput(new Float32Array(85 * 100), { inputWidth: 416, inputHeight: 416, scoreThreshold: 0.3 });
    expect(decode).toThrow(/expected 3549 anchors/);
    expect(decode).toThrow(expect.objectContaining({ code: "MODEL_LOAD" }));
  });
});

describe("decodeUltralyticsOutput", () => {
  it("reads centre, size and per-class rows, keeping each prediction's best class", () => {
    const anchors = 3;
    const classes = 2;
    const output = new Float32Array((4 + classes) * anchors);
    const set = (row: number, anchor: number, value: number) => (output[row * anchors + anchor] = value);
    [100, 50, 20, 10].forEach((value, row) => set(row, 1, value));
    set(4, 1, 0.4);
    set(5, 1, 0.7);
    set(4, 2, 0.2);
    const candidates = decodeUltralyticsOutput(output, { anchors, classCount: classes, scoreThreshold: 0.25 });
    expect(candidates).toEqual([{ box: { x0: 90, y0: 45, x1: 110, y1: 55 }, score: expect.closeTo(0.7, 5), classIndex: 1 }]);
  });

  it("refuses an output whose size does not match with MODEL_LOAD", () => {
    const decode = () => decodeUltralyticsOutput(new Float32Array(10), { anchors: 3, classCount: 2, scoreThreshold: 0.25 });
    expect(decode).toThrow(expect.objectContaining({ code: "MODEL_LOAD" }));
  });
});

describe("planTiles", () => {
  it("keeps a small image to one whole-image pass", () => {
    expect(planTiles({ width: 400, height: 300, tileSizePx: 416, overlapFraction: 0.25, minSideForTilingPx: 520 })).toEqual([{ x0: 0, y0: 0, x1: 400, y1: 300 }]);
  });

  it("covers a large image with overlapping tiles after the whole-image pass", () => {
    const tiles = planTiles({ width: 1000, height: 600, tileSizePx: 416, overlapFraction: 0.25, minSideForTilingPx: 520 });
    expect(tiles[0]).toEqual({ x0: 0, y0: 0, x1: 1000, y1: 600 });
    const grid = tiles.slice(1);
    expect(grid.every((tile) => tile.x1 - tile.x0 <= 416 && tile.y1 - tile.y0 <= 416)).toBe(true);
    expect(Math.max(...grid.map((tile) => tile.x1))).toBe(1000);
    expect(Math.max(...grid.map((tile) => tile.y1))).toBe(600);
    for (let x = 0; x < 1000; x += 7) for (let y = 0; y < 600; y += 7) {
      expect(grid.some((tile) => x >= tile.x0 && x < tile.x1 && y >= tile.y0 && y < tile.y1)).toBe(true);
    }
  });
});

describe("class-aware NMS", () => {
  it("drops same-class duplicates but keeps overlapping boxes of different classes", () => {
    const box = { x0: 0, y0: 0, x1: 10, y1: 10 };
    const shifted = { x0: 1, y0: 0, x1: 11, y1: 10 };
    const kept = nonMaximumSuppression([
      { box, score: 0.9, group: 1 },
      { box: shifted, score: 0.8, group: 1 },
      { box: shifted, score: 0.7, group: 2 },
    ]);
    expect(kept.map((item) => [item.score, item.group])).toEqual([[0.9, 1], [0.7, 2]]);
  });

  it("drops a box mostly inside a better one of the same class when containment is on", () => {
    const whole = { box: { x0: 0, y0: 0, x1: 100, y1: 100 }, score: 0.9, group: 0 };
    const part = { box: { x0: 0, y0: 0, x1: 40, y1: 100 }, score: 0.5, group: 0 };
    expect(nonMaximumSuppression([whole, part])).toHaveLength(2);
    expect(nonMaximumSuppression([whole, part], { containmentThreshold: 0.8 })).toHaveLength(1);
  });
});

describe("Gaussian Soft-NMS", () => {
  const left = { x0: 0, y0: 0, x1: 100, y1: 100 };
  // Shifted right by 25 px: IoU 75/125 = 0.6.
  const beside = { x0: 25, y0: 0, x1: 125, y1: 100 };

  it("lowers an overlapping box's score by exp(−IoU²/σ) instead of dropping it, per group", () => {
    const kept = softNonMaximumSuppression(
      [
        { box: left, score: 0.9, group: 1 },
        { box: beside, score: 0.8, group: 1 },
        { box: beside, score: 0.7, group: 2 },
      ],
      { sigma: 0.5 },
    );
    expect(kept.map((item) => item.group)).toEqual([1, 2, 1]);
    expect(kept[0]!.score).toBe(0.9);
    expect(kept[1]!.score).toBe(0.7);
    expect(kept[2]!.score).toBeCloseTo(0.8 * Math.exp(-(0.6 * 0.6) / 0.5), 9);
    // Greedy NMS at the same overlap keeps one box of group 1.
    expect(nonMaximumSuppression([{ box: left, score: 0.9, group: 1 }, { box: beside, score: 0.8, group: 1 }], { iouThreshold: 0.45 })).toHaveLength(1);
  });

  it("decays a box once per better box it overlaps, drops it past the IoU cut or under the minimum score", () => {
    const right = { x0: 50, y0: 0, x1: 150, y1: 100 };
    const items = [
      { box: left, score: 0.9 },
      { box: { x0: 100, y0: 0, x1: 200, y1: 100 }, score: 0.85 },
      { box: right, score: 0.8 },
    ];
    const decay = (iou: number) => Math.exp(-(iou * iou) / 0.3);
    // `right` overlaps each of the others by IoU 1/3.
    expect(softNonMaximumSuppression(items, { sigma: 0.3 }).map((item) => item.score)).toEqual([0.9, 0.85, expect.closeTo(0.8 * decay(1 / 3) ** 2, 9)]);
    expect(softNonMaximumSuppression(items, { sigma: 0.3, iouThreshold: 0.3 })).toHaveLength(2);
    expect(softNonMaximumSuppression(items, { sigma: 0.3, minScore: 0.6 })).toHaveLength(2);
  });

  it("is what mergeCandidates runs when the settings give a Soft-NMS width", () => {
    const candidates = [
      { box: left, score: 0.9, classIndex: 16, pass: "whole" as const },
      { box: beside, score: 0.8, classIndex: 16, pass: "whole" as const },
      { box: { x0: 1, y0: 0, x1: 101, y1: 100 }, score: 0.85, classIndex: 16, pass: "whole" as const },
    ];
    const greedy = mergeCandidates(candidates, { nmsIouThreshold: 0.45, containmentThreshold: 1 });
    const soft = mergeCandidates(candidates, { nmsIouThreshold: 0.8, softNmsSigma: 0.5, containmentThreshold: 1, candidateThreshold: 0.1 });
    expect(greedy.map((detection) => detection.score)).toEqual([0.9]);
    // The near-duplicate (IoU 0.98) is past the 0.8 cut; the neighbour at IoU 0.6 stays, lowered.
    expect(soft.map((detection) => detection.score)).toEqual([0.9, expect.closeTo(0.8 * Math.exp(-0.72), 9)]);
  });
});

describeRequiring([YOLOX_NANO_FILE], "ONNX sessions", () => {
  const modelPath = YOLOX_NANO_FILE.path;

  it("reports the model's input and output signature and refuses runs after dispose", async () => {
    const session = await createOnnxSession({ modelPath });
    expect(session.inputs).toEqual([{ name: "images", type: "float32", shape: [1, 3, 416, 416] }]);
    expect(session.outputs).toEqual([{ name: "output", type: "float32", shape: [1, 3549, 85] }]);
    await session.dispose();
    const error = await session.run({}).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "MODEL_LOAD")).toBe(true);
  });

  it("device cuda without a CUDA runtime → DEVICE_UNAVAILABLE; auto falls back to the CPU with a notice", async () => {
    const cuda = await createOnnxSession({ modelPath, device: "cuda" }).catch((caught: unknown) => caught);
    if (ViperError.isInstance(cuda)) {
      expect(cuda.code).toBe("DEVICE_UNAVAILABLE");
      expect(cuda.message).toContain("--device cpu");
      const notices: string[] = [];
      const auto = await createOnnxSession({ modelPath, device: "auto", onNotice: (message) => notices.push(message) });
      expect(auto.device).toBe("cpu");
      expect(notices.join("\n")).toContain("CPU");
      await auto.dispose();
    } else {
      // A machine with CUDA: the session runs there.
      expect((cuda as { device: string }).device).toBe("cuda");
      await (cuda as { dispose(): Promise<void> }).dispose();
    }
  });

  it("a file that is not an ONNX model → MODEL_LOAD", async () => {
    const error = await createOnnxSession({ modelPath: import.meta.filename }).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "MODEL_LOAD")).toBe(true);
  });
});
