/**
 * The in-process side of `npm run bench serve`, run as its own process so its peak RSS is its own: the
 * same (image, program) pairs the server got, through loadImage + runProgramOnImage, from 20 concurrent
 * workers that each run their share one after another (as the HTTP clients send theirs). Reads the
 * workload file named on the command line; prints one JSON object.
 */
import { readFileSync } from "node:fs";
import { createPerception } from "../../src/tools/create-perception.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";
import type { LoadRequest } from "../../test/server/load-workload.ts";
import { peakRssMb } from "./peak-rss.ts";

const { requests, clients, warmup } = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { requests: LoadRequest[]; clients: number; warmup: number };
const perception = await createPerception({ detector: "pixels" });

async function runOne(request: LoadRequest) {
  const startedMs = performance.now();
  const base64 = request.body.image.slice(request.body.image.indexOf(",") + 1);
  const image = await loadImage(new Uint8Array(Buffer.from(base64, "base64")));
  const run = await runProgramOnImage({ image, source: request.program, perception });
  return { answer: run.answer, latencyMs: performance.now() - startedMs };
}

for (const request of requests.slice(0, warmup)) await runOne(request);
const startedMs = performance.now();
const outcomes: Array<{ answer: unknown; latencyMs: number }> = new Array(requests.length);
const perClient = Math.ceil(requests.length / clients);
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    for (let index = client * perClient; index < Math.min(requests.length, (client + 1) * perClient); index++) outcomes[index] = await runOne(requests[index]!);
  }),
);
const wallMs = performance.now() - startedMs;
await perception.dispose();
process.stdout.write(`${JSON.stringify({ outcomes, wallMs, peakRssMb: peakRssMb("self") })}\n`);
