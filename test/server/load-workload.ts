import { createAgent } from "../../src/agent/agent.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import type { ProgramAnswer } from "../../sandbox/index.ts";
import { generateComposeQuestions } from "../../src/datasets/compose-questions.ts";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { encodePng } from "../../src/tools/image-io.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

/** One request of a load test and the answer the generated scene says is right. */
export interface LoadRequest {
  readonly route: "/v1/ask" | "/v1/run";
  readonly body: { readonly image: string; readonly question: string } | { readonly image: string; readonly program: string };
  /** The program the rule planner writes for the question (what /v1/run sends, and what ask should run). */
  readonly program: string;
  readonly expected: ProgramAnswer;
}

/** Generated scenes, their questions with known answers, and the requests built from them. */
export interface LoadWorkload {
  readonly requests: readonly LoadRequest[];
  /** Distinct (scene, question) pairs the requests cycle through. */
  readonly distinctQuestions: number;
  /** Questions left out because the rule planner answers them wrongly even in-process. */
  readonly plannerMisses: number;
}

/**
 * Builds `requestCount` requests on seeded compositional scenes (images as data: URLs), alternating
 * `/v1/ask` (the question) and `/v1/run` (the rule planner's program for it). Only questions the rule
 * planner answers right when run in-process are used, so a wrong answer under load can only come from the
 * server, not from the planner.
 */
export async function buildLoadWorkload(options: { seed: number; sceneCount: number; requestCount: number }): Promise<LoadWorkload> {
  const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), vlmFallback: false, cache: false });
  const candidates: Array<{ image: string; question: string; program: string; expected: ProgramAnswer }> = [];
  let plannerMisses = 0;
  for (let index = 0; index < options.sceneCount; index++) {
    const scene = await generateComposeScene({ seed: options.seed + index });
    const image = `data:image/png;base64,${(await encodePng(scene.image)).toString("base64")}`;
    for (const { question, answer } of generateComposeQuestions({ scene, count: 7 })) {
      const result = await agent.ask(scene.image, question).catch(() => undefined);
      if (result?.answer !== answer || result.program === null) {
        plannerMisses += 1;
        continue;
      }
      candidates.push({ image, question, program: result.program, expected: answer });
    }
  }
  const requests = Array.from({ length: options.requestCount }, (_, index): LoadRequest => {
    const { image, question, program, expected } = candidates[index % candidates.length]!;
    return index % 2 === 0
      ? { route: "/v1/ask", body: { image, question }, program, expected }
      : { route: "/v1/run", body: { image, program }, program, expected };
  });
  return { requests, distinctQuestions: candidates.length, plannerMisses };
}

/** What one request of the load got back. */
export interface LoadOutcome {
  readonly request: LoadRequest;
  readonly status: number | null;
  readonly answer: unknown;
  readonly errorCode: string | null;
  readonly latencyMs: number;
}

/**
 * Sends the requests from `clients` concurrent clients, each sending its share one after another over
 * fetch (keep-alive), and returns every outcome in request order. A request that fails to get any HTTP
 * answer is an outcome with status null.
 */
export async function runLoad(options: { url: string; requests: readonly LoadRequest[]; clients: number; headers?: Record<string, string> }): Promise<LoadOutcome[]> {
  const { url, requests, clients, headers = {} } = options;
  const outcomes: LoadOutcome[] = new Array(requests.length);
  const perClient = Math.ceil(requests.length / clients);
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let index = client * perClient; index < Math.min(requests.length, (client + 1) * perClient); index++) {
        const request = requests[index]!;
        const startedMs = performance.now();
        try {
          const response = await fetch(`${url}${request.route}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(request.body) });
          const body = (await response.json()) as { answer?: unknown; error?: { code: string } | null };
          outcomes[index] = { request, status: response.status, answer: body.answer, errorCode: body.error?.code ?? null, latencyMs: performance.now() - startedMs };
        } catch (error) {
          outcomes[index] = { request, status: null, answer: undefined, errorCode: String(error), latencyMs: performance.now() - startedMs };
        }
      }
    }),
  );
  return outcomes;
}
