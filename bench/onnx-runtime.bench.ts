/**
 * ONNX Runtime benchmark: YOLOX-Nano on onnxruntime-web (WebAssembly, what `npm install viper-ts` brings)
 * versus onnxruntime-node (native, the optional peer), side by side in one run: session creation and one
 * 416×416 pass (the model's cost does not depend on the pixels), passes interleaved so both see the same
 * machine load.
 *
 *   VIPER_MODELS_DIR=../shared/models bash scripts/with-node.sh node --no-node-snapshot bench/run.ts onnx-runtime
 */
import { join, resolve } from "node:path";
import { createOnnxSession, type OnnxRuntimeName, type OnnxSession } from "../src/mllm/onnx/index.ts";
import type { BenchResult } from "./run.ts";

const MODEL = join(process.env.VIPER_MODELS_DIR ?? resolve("../shared/models"), "yolox_nano.onnx");
const PASSES = 20;
const RUNTIMES: readonly OnnxRuntimeName[] = ["onnxruntime-node", "onnxruntime-web"];

export async function run(): Promise<BenchResult> {
  const input = { images: { data: new Float32Array(3 * 416 * 416).map((_, index) => (index * 7919) % 255), dims: [1, 3, 416, 416] } };
  const sessions = new Map<OnnxRuntimeName, OnnxSession>();
  const loadMs = new Map<OnnxRuntimeName, number>();
  const passMs = new Map<OnnxRuntimeName, number[]>(RUNTIMES.map((name) => [name, []]));
  try {
    for (const runtime of RUNTIMES) {
      const started = performance.now();
      const session = await createOnnxSession({ modelPath: MODEL, runtime });
      await session.run(input); // the first pass includes one-off work (kernel selection, WebAssembly tiers)
      loadMs.set(runtime, performance.now() - started);
      sessions.set(runtime, session);
    }
    for (let pass = 0; pass < PASSES; pass++) {
      for (const runtime of RUNTIMES) {
        const started = performance.now();
        await sessions.get(runtime)!.run(input);
        passMs.get(runtime)!.push(performance.now() - started);
      }
    }
  } finally {
    await Promise.all([...sessions.values()].map((session) => session.dispose()));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [native, web] = RUNTIMES.map((runtime) => median(passMs.get(runtime)!));
  return {
    metrics: [
      { name: "YOLOX-Nano pass, onnxruntime-node (median of 20)", value: native!, unit: "ms" },
      { name: "YOLOX-Nano pass, onnxruntime-web (median of 20)", value: web!, unit: "ms" },
      { name: "web / node, per pass", value: web! / native!, unit: "x" },
      { name: "session + first pass, onnxruntime-node", value: loadMs.get("onnxruntime-node")!, unit: "ms" },
      { name: "session + first pass, onnxruntime-web", value: loadMs.get("onnxruntime-web")!, unit: "ms" },
    ],
    notes: [
      "One 416×416 pass of yolox_nano.onnx on the CPU with each package's defaults (onnxruntime-web: one WebAssembly thread with SIMD; onnxruntime-node: its own thread pool). The YOLOX detector makes 1 pass on a small image and up to 5 on a large one (tiles).",
      "Both give the same outputs (test/package/onnx-runtime.test.ts).",
    ],
  };
}
