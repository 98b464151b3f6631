/**
 * The pixel-analysis worker thread: starts loading OpenCV.js before anything else, then analyses the
 * images it is sent, one at a time, in the order they come.
 */
import { parentPort } from "node:worker_threads";
import { ViperError } from "../../../errors/index.ts";
import { loadOpenCv } from "../opencv/load-opencv.ts";
import type { AnalysisRequest, AnalysisResponse } from "./analysis-messages.ts";

const port = parentPort!;
// OpenCV.js first; the analysis modules load while its WebAssembly starts. Requests wait for both, and a
// failure here reaches every request.
const ready = loadOpenCv();
const analysis = import("../scene-objects.ts");
let queue: Promise<unknown> = Promise.allSettled([ready, analysis]);

port.on("message", (request: AnalysisRequest) => {
  queue = queue.then(async () => port.postMessage(await answer(request)));
});

async function answer(request: AnalysisRequest): Promise<AnalysisResponse> {
  try {
    await ready;
    const { analyzeObjects } = await analysis;
    return { id: request.id, objects: await analyzeObjects({ width: request.width, height: request.height, data: request.data }) };
  } catch (error) {
    if (ViperError.isInstance(error)) return { id: request.id, error: { message: error.message, code: error.code, details: error.details } };
    return { id: request.id, error: { message: error instanceof Error ? error.message : String(error) } };
  }
}
