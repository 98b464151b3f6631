/**
 * `npm run bench serve`: 20 concurrent HTTP clients × 10 requests, mixed POST /v1/ask and /v1/run on
 * generated compositional scenes (images sent as data: URLs), against a real `viper serve` process on
 * loopback; then the same programs through runProgramOnImage in another process, with 20 concurrent
 * workers. Reports correctness, lost requests, p50/p95 latency and each process's peak RSS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildLoadWorkload, runLoad, type LoadRequest } from "../test/server/load-workload.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { childPids, peakRssMb } from "./serve/peak-rss.ts";

const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 10;
const WARMUP_REQUESTS = 10;
const CLI_MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;
const IN_PROCESS_LOAD = new URL("./serve/in-process-load.ts", import.meta.url).pathname;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** Starts `viper serve` on a free loopback port and resolves with its URL once it listens. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--no-node-snapshot", CLI_MAIN, "serve", "--port", "0", "--detector", "pixels", "--queue-size", "64"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const url = /listening on (\S+)/.exec(line)?.[1];
    if (url !== undefined) return { child, url };
  }
  throw new Error("viper serve exited before listening");
}

const same = (answer: unknown, request: LoadRequest) => JSON.stringify(answer) === JSON.stringify(request.expected);

export async function run(): Promise<BenchResult> {
  const workload = await buildLoadWorkload({ seed: 4100, sceneCount: 10, requestCount: CLIENTS * REQUESTS_PER_CLIENT });
  const { requests } = workload;

  const { child, url } = await startServer();
  await runLoad({ url, requests: requests.slice(0, WARMUP_REQUESTS), clients: 1 });
  const loadStartMs = performance.now();
  const outcomes = await runLoad({ url, requests, clients: CLIENTS });
  const serverWallMs = performance.now() - loadStartMs;
  const serverRssMb = peakRssMb(child.pid!);
  // The sandbox processes of the pool (one per run slot), measured while they still run.
  const sandboxRssMb = childPids(child.pid!).reduce((sum, pid) => sum + peakRssMb(pid), 0);
  child.kill("SIGTERM");
  const [exitCode] = (await once(child, "exit")) as [number | null];

  const folder = mkdtempSync(join(tmpdir(), "viper-bench-serve-"));
  const workloadFile = join(folder, "workload.json");
  writeFileSync(workloadFile, JSON.stringify({ requests, clients: CLIENTS, warmup: WARMUP_REQUESTS }));
  const inProcessChild = spawn(process.execPath, ["--no-node-snapshot", IN_PROCESS_LOAD, workloadFile], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  inProcessChild.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await once(inProcessChild, "exit");
  rmSync(folder, { recursive: true, force: true });
  const inProcess = JSON.parse(output) as { outcomes: Array<{ answer: unknown; latencyMs: number }>; wallMs: number; peakRssMb: number };

  const latencies = outcomes.map((outcome) => outcome.latencyMs);
  const byRoute = (route: LoadRequest["route"]) => outcomes.filter((outcome) => outcome.request.route === route).map((outcome) => outcome.latencyMs);
  const inProcessLatencies = inProcess.outcomes.map((outcome) => outcome.latencyMs);
  const metrics: BenchMetric[] = [
    { name: "server: wrong answers", value: outcomes.filter((outcome) => outcome.status === 200 && !same(outcome.answer, outcome.request)).length, unit: "requests", targetMax: 0 },
    { name: "server: lost or failed requests", value: outcomes.filter((outcome) => outcome.status !== 200).length, unit: "requests", targetMax: 0 },
    { name: "server: latency p50", value: percentile(latencies, 0.5), unit: "ms" },
    { name: "server: latency p95", value: percentile(latencies, 0.95), unit: "ms" },
    { name: "server: /v1/ask latency p50", value: percentile(byRoute("/v1/ask"), 0.5), unit: "ms" },
    { name: "server: /v1/run latency p50", value: percentile(byRoute("/v1/run"), 0.5), unit: "ms" },
    { name: "server: throughput", value: (requests.length / serverWallMs) * 1000, unit: "requests/s" },
    { name: "server: peak RSS", value: serverRssMb, unit: "MB" },
    { name: "server: sandbox processes, peak RSS summed", value: sandboxRssMb, unit: "MB" },
    { name: "server: exit code after SIGTERM", value: exitCode ?? -1, unit: "", targetMax: 0 },
    { name: "in-process: wrong answers", value: inProcess.outcomes.filter((outcome, index) => !same(outcome.answer, requests[index]!)).length, unit: "requests", targetMax: 0 },
    { name: "in-process: latency p50", value: percentile(inProcessLatencies, 0.5), unit: "ms" },
    { name: "in-process: latency p95", value: percentile(inProcessLatencies, 0.95), unit: "ms" },
    { name: "in-process: throughput", value: (requests.length / inProcess.wallMs) * 1000, unit: "requests/s" },
    { name: "in-process: peak RSS", value: inProcess.peakRssMb, unit: "MB" },
  ];
  return {
    metrics,
    notes: [
      `${requests.length} requests (${CLIENTS} clients × ${REQUESTS_PER_CLIENT}), half /v1/ask, half /v1/run, over ${workload.distinctQuestions} distinct questions on 10 generated scenes (${workload.plannerMisses} questions the rule planner gets wrong in-process left out); images as data: URLs.`,
      "Server: `viper serve --detector pixels` (concurrency = CPU cores, queue 64, programs in its pool of crash-isolated sandbox processes, one per slot) as its own process on loopback, after 10 warm-up requests; latency is per request as the client sees it, queueing included.",
      "In-process: the same (image, program) pairs through loadImage + runProgramOnImage in another process, 20 concurrent workers, after the same warm-up; no planner, no checker, no HTTP.",
      "Peak RSS is each process's VmHWM; the server's sandbox processes are reported separately (summed).",
    ],
  };
}

if (import.meta.main) console.log(JSON.stringify(await run(), null, 2));
