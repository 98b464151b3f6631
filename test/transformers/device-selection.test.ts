import { describe, expect, it } from "vitest";
import { selectDevice } from "../../src/mllm/transformers/device-selection.ts";
import { isCudaProviderInstalled } from "../../src/mllm/onnx/index.ts";
import { createDepthEstimator } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { gradientImage, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();
const withoutProvider = () => false;

describe("device selection", () => {
  it("fails --device cuda without the CUDA provider with a typed error saying how to install it", () => {
    expect(() => selectDevice({ device: "cuda", model: "m", cudaProviderInstalled: withoutProvider })).toThrow(
      expect.objectContaining({ code: "DEVICE_UNAVAILABLE", message: expect.stringContaining("ONNXRUNTIME_NODE_INSTALL=cuda12") }),
    );
  });

  it("falls back from auto to the CPU and says so", () => {
    const notices: string[] = [];
    expect(selectDevice({ device: "auto", model: "m", cudaProviderInstalled: withoutProvider, onNotice: (notice) => notices.push(notice) })).toBe("cpu");
    expect(notices).toEqual([expect.stringContaining("running on the CPU")]);
  });

  it("tries CUDA first when the provider is there", () => {
    expect(selectDevice({ device: "auto", model: "m", cudaProviderInstalled: () => true })).toBe("cuda");
    expect(selectDevice({ device: "cpu", model: "m", cudaProviderInstalled: () => true })).toBe("cpu");
  });
});

describe.skipIf(isCudaProviderInstalled())("devices on this machine (no CUDA provider installed)", () => {
  it("a real back-end asked for cuda rejects with DEVICE_UNAVAILABLE instead of crashing", async () => {
    const estimator = createDepthEstimator({ model: TINY_MODELS.depthAnything, modelsDir: models.folder(), device: "cuda" });
    await expect(estimator.depth(gradientImage())).rejects.toMatchObject({ code: "DEVICE_UNAVAILABLE" });
  });

  it("a real back-end asked for auto runs on the CPU and reports the fallback", async () => {
    const notices: string[] = [];
    const estimator = createDepthEstimator({ model: TINY_MODELS.depthAnything, modelsDir: models.folder(), device: "auto", onNotice: (notice) => notices.push(notice) });
    expect((await estimator.depth(gradientImage(10, 10))).data.length).toBe(100);
    expect(notices.join("\n")).toContain("CUDA is not available");
    await estimator.dispose?.();
  });
});
