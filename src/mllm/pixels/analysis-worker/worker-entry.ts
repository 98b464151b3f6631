/**
 * The pixel-analysis worker thread: loads OpenCV.js as soon as it starts (while the main thread goes on
 * with its own start-up), then analyses the images it is sent, one at a time, in the order they come.
 */
import { parentPort } from "node:worker_threads";
import { ViperError } from "../../../errors/index.ts";
import { loadOpenCv } from "../opencv/load-opencv.ts";
import { analyzeObjects } from "../scene-objects.ts";
import type { AnalysisRequest, AnalysisResponse } from "./analysis-messages.ts";

const port = parentPort!;
// Loading runs first; requests wait for it, and a failure here reaches every request.
const ready = loadOpenCv();
let queue: Promise<unknown> = ready.catch(() => undefined);

port.on("message", (request: AnalysisRequest) => {
  queue = queue.then(async () => port.postMessage(await answer(request)));
});

async function answer(request: AnalysisRequest): Promise<AnalysisResponse> {
  try {
    await ready;
    return { id: request.id, objects: await analyzeObjects({ width: request.width, height: request.height, data: request.data }) };
  } catch (error) {
    if (ViperError.isInstance(error)) return { id: request.id, error: { message: error.message, code: error.code, details: error.details } };
    return { id: request.id, error: { message: error instanceof Error ? error.message : String(error) } };
  }
}
