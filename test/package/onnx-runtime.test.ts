import { describe, expect, it } from "vitest";
import { createOnnxSession, loadOnnxRuntime, type OnnxSession } from "../../src/mllm/onnx/index.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { describeRequiring, testModelFile } from "../fixtures/test-requirements.ts";

const YOLOX_NANO = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });

describe("choosing the ONNX Runtime package", () => {
  it("auto takes onnxruntime-node when it is installed (as in this checkout), else says why not", async () => {
    const { runtime, nativeUnavailable } = await loadOnnxRuntime("auto");
    expect(runtime.name).toBe("onnxruntime-node");
    expect(nativeUnavailable).toBeUndefined();
  });

  it("onnxruntime-web, which every install has, loads and runs on the CPU only", async () => {
    const { runtime } = await loadOnnxRuntime("onnxruntime-web");
    expect(runtime).toMatchObject({ name: "onnxruntime-web", version: "1.30.0", canUseCuda: false });
  });
});

describeRequiring([YOLOX_NANO], "YOLOX on both ONNX Runtime packages", () => {
  /** The model's output on one fixed input. */
  async function outputOf(session: OnnxSession): Promise<Float32Array> {
    const size = 416;
    const data = new Float32Array(3 * size * size).map((_, index) => (index * 7919) % 255);
    const outputs = await session.run({ images: { data, dims: [1, 3, size, size] } });
    return outputs.output!.data as Float32Array;
  }

  it("onnxruntime-web (a default install) gives the outputs onnxruntime-node gives", async () => {
    const native = await createOnnxSession({ modelPath: YOLOX_NANO.path, runtime: "onnxruntime-node" });
    const web = await createOnnxSession({ modelPath: YOLOX_NANO.path, runtime: "onnxruntime-web" });
    try {
      expect(web.inputs).toEqual(native.inputs);
      expect(web.outputs).toEqual(native.outputs);
      const [expected, actual] = [await outputOf(native), await outputOf(web)];
      expect(actual).toHaveLength(expected.length);
      const largestDifference = actual.reduce((largest, value, index) => Math.max(largest, Math.abs(value - expected[index]!)), 0);
      expect(largestDifference).toBeLessThan(1e-3);
    } finally {
      await Promise.all([native.dispose(), web.dispose()]);
    }
  });

  it("--device cuda on onnxruntime-web is DEVICE_UNAVAILABLE with the install command; auto falls back with a notice", async () => {
    const error = await rejectionOf(createOnnxSession({ modelPath: YOLOX_NANO.path, runtime: "onnxruntime-web", device: "cuda" }));
    expect(error).toMatchObject({ code: "DEVICE_UNAVAILABLE", details: { runtime: "onnxruntime-web" } });
    expect(error.message).toContain("onnxruntime-web runs on the CPU only");
    expect(error.message).toContain("ONNXRUNTIME_NODE_INSTALL=cuda12 npm install onnxruntime-node@1.30.0");
    const notices: string[] = [];
    const session = await createOnnxSession({ modelPath: YOLOX_NANO.path, runtime: "onnxruntime-web", device: "auto", onNotice: (notice) => notices.push(notice) });
    await session.dispose();
    expect(session.device).toBe("cpu");
    expect(notices).toEqual([`CUDA is not available (onnxruntime-web runs on the CPU only); running ${YOLOX_NANO.path} on the CPU.`]);
  });
});
