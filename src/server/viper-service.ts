import { availableParallelism } from "node:os";
import type { SandboxIsolation, SandboxPolicy } from "../../sandbox/index.ts";
import { createAgent } from "../agent/agent.ts";
import { eventError, type AgentEvent } from "../agent/agent-event.ts";
import type { Agent } from "../agent/agent-types.ts";
import { jsonFailure, jsonFromAsk, jsonFromRun, type JsonResult } from "../agent/json-result.ts";
import type { Planner } from "../agent/planner.ts";
import { createProgramCache } from "../agent/program-cache.ts";
import { createRulePlanner } from "../agent/rule-planner.ts";
import { ViperError } from "../errors/index.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import { loadImage } from "../tools/image-io.ts";
import { runProgramOnImage } from "../tools/run-program-on-image.ts";
import { notifyListener } from "../tools/tool-call-event.ts";
import { chooseDetectors } from "./detector-choice.ts";
import { DEFAULT_IMAGE_MAX_BYTES, readRequestImage, type ImageRules } from "./images/request-image.ts";
import { createRunSlots } from "./run-slots.ts";
import { describeCapabilities, type ServiceCapabilities } from "./service-capabilities.ts";

/** Options for {@link createViperService}. */
export interface ViperServiceOptions {
  /** Back-ends every request uses; loaded once and shared. The caller disposes them after `close()`. */
  readonly perception: PerceptionBackends;
  /** Planners a request may choose by id; the first is the default. @defaultValue [the rule planner] */
  readonly planners?: readonly Planner[];
  /** Sandbox limits of every run. @defaultValue DEFAULT_POLICY */
  readonly policy?: Partial<SandboxPolicy>;
  /** Where images may come from. @defaultValue base64 and data: URLs only */
  readonly images?: ImageRules;
  /** Requests that run at once. @defaultValue the number of CPU cores */
  readonly concurrency?: number;
  /** Requests that may wait for a run slot; more get SERVER_BUSY. @defaultValue 64 */
  readonly queueSize?: number;
  /** Deadline of one request, from its arrival (queueing, image, planning and runs), in ms. @defaultValue 120_000 */
  readonly requestTimeoutMs?: number;
  /** Repairs after a failed program (planners that repair only). @defaultValue 2 */
  readonly maxRepairs?: number;
  /**
   * Where programs run: "in-process", "process" (the process-wide pool) or a ProcessPool; a pool keeps a
   * program that makes V8 abort from taking the server down (SANDBOX_CRASHED for that request only).
   * @defaultValue "in-process"
   */
  readonly isolation?: SandboxIsolation;
  /**
   * Rewrites a failure before it becomes the result's `error`, e.g. so that a tripped limit names the
   * server's own option instead of the SDK's policy field. @defaultValue the failure unchanged
   */
  readonly describeError?: (error: unknown) => unknown;
}

/** `POST /v1/ask` and the `ask_image` tool. */
export interface AskRequest {
  /** A data: URL, base64, an http(s) URL or a path under the image root. */
  readonly image: string;
  readonly question: string;
  /** A planner id the server offers. @defaultValue the server's default planner */
  readonly planner?: string;
  /** Comma-separated detector ids among the server's. @defaultValue all of the server's */
  readonly detector?: string;
}

/** `POST /v1/run` and the `run_image_program` tool. */
export interface RunRequest {
  readonly image: string;
  /** `async function execute_command(image: ImagePatch): Promise<Answer>` in TypeScript. */
  readonly program: string;
  /** Comma-separated detector ids among the server's. @defaultValue all of the server's */
  readonly detector?: string;
}

/** Per-call options of {@link ViperService.ask} and {@link ViperService.run}. */
export interface ServiceCallOptions {
  /** Cancels the request (e.g. the client went away). */
  readonly signal?: AbortSignal;
  /** Hears planning, program attempts and tool calls as they happen. */
  readonly onEvent?: (event: AgentEvent) => void;
  /** Called once the request holds a run slot or queue place, before it waits or runs (streams start here). */
  readonly onAdmitted?: () => void;
}

/** The state `GET /v1/health` reports. */
export interface ServiceHealth {
  readonly status: "ok" | "closing";
  readonly running: number;
  readonly queued: number;
  readonly uptimeMs: number;
}

/**
 * What every front door (HTTP, MCP, the LangChain tool) calls: one set of back-ends, planners and limits,
 * and the same result object as `viper ask|run --json`.
 */
export interface ViperService {
  /**
   * Answers a question about an image with the agent. Resolves with the result object, whose `error` is set
   * when the request was admitted but failed (bad image, no working program, timeout, ...).
   * @throws ViperError before admission only: REQUEST_INVALID (unknown planner or detector), SERVER_BUSY, SERVER_CLOSING.
   */
  ask(request: AskRequest, call?: ServiceCallOptions): Promise<JsonResult>;
  /** Runs a program on an image as `viper run` does (no planner). Same contract as {@link ViperService.ask}. */
  run(request: RunRequest, call?: ServiceCallOptions): Promise<JsonResult>;
  capabilities(): ServiceCapabilities;
  health(): ServiceHealth;
  /** Refuses new requests and resolves when every admitted one has finished. */
  close(): Promise<void>;
}

/** Creates the {@link ViperService}. */
export function createViperService(options: ViperServiceOptions): ViperService {
  const {
    perception,
    planners = [createRulePlanner()],
    policy,
    images = {},
    concurrency = availableParallelism(),
    queueSize = 64,
    requestTimeoutMs = 120_000,
    maxRepairs,
    isolation = "in-process",
    describeError = (error: unknown) => error,
  } = options;
  if (planners.length === 0) throw new ViperError({ code: "CONFIG_INVALID", message: "The service needs at least one planner.", details: {} });
  const slots = createRunSlots({ concurrency, queueSize });
  const cache = createProgramCache();
  const agents = new Map<string, Agent>();
  const startedMs = performance.now();
  let closing = false;

  function plannerFor(id: string | undefined): Planner {
    if (id === undefined) return planners[0]!;
    const planner = planners.find((candidate) => candidate.id === id);
    if (planner !== undefined) return planner;
    throw new ViperError({
      code: "REQUEST_INVALID",
      message: `planner "${id}" is not offered by this server; choose one of ${planners.map((candidate) => candidate.id).join(", ")} (the server's --planner list).`,
      details: { field: "planner", value: id, available: planners.map((candidate) => candidate.id) },
    });
  }

  function perceptionFor(detector: string | undefined): PerceptionBackends {
    return detector === undefined ? perception : chooseDetectors(perception, detector);
  }

  function agentFor(planner: Planner, detector: string | undefined): Agent {
    const key = JSON.stringify([planner.id, detector ?? null]);
    let agent = agents.get(key);
    if (agent === undefined) {
      agent = createAgent({ planner, perception: perceptionFor(detector), policy, maxRepairs, cache, isolation });
      agents.set(key, agent);
    }
    return agent;
  }

  /** Admits a request, waits for its slot, runs `work` under the deadline, and turns failures into the result object. */
  async function admitted(call: ServiceCallOptions, program: string | null, work: (signal: AbortSignal) => Promise<JsonResult>): Promise<JsonResult> {
    const reservation = slots.reserve();
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      deadline.abort(new ViperError({
        code: "REQUEST_TIMEOUT",
        message: `The request took longer than the server's ${requestTimeoutMs} ms limit (waiting, planning and runs together). Ask something simpler or retry when the server is less busy.`,
        details: { requestTimeoutMs },
      }));
    }, requestTimeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal;
    try {
      call.onAdmitted?.();
      await untilAborted(reservation.ready, signal);
      return await work(signal);
    } catch (error) {
      return jsonFailure(describeError(signal.aborted ? signal.reason : error), program ?? undefined);
    } finally {
      clearTimeout(timer);
      reservation.release();
    }
  }

  async function openImage(image: string, signal: AbortSignal) {
    return loadImage(await readRequestImage(image, images, signal));
  }

  return {
    async ask(request, call = {}) {
      const agent = agentFor(plannerFor(request.planner), request.detector);
      return admitted(call, null, async (signal) => {
        const image = await openImage(request.image, signal);
        return jsonFromAsk(await agent.ask(image, request.question, { signal, onEvent: call.onEvent }));
      });
    },
    async run(request, call = {}) {
      const runPerception = perceptionFor(request.detector);
      return admitted(call, request.program, async (signal) => {
        const image = await openImage(request.image, signal);
        notifyListener(call.onEvent, { type: "program-start", attempt: 1, program: request.program, cached: false });
        try {
          const run = await runProgramOnImage({ image, source: request.program, perception: runPerception, policy, signal, isolation, onToolCall: call.onEvent });
          return jsonFromRun(run, request.program);
        } catch (error) {
          notifyListener(call.onEvent, { type: "program-error", attempt: 1, stage: "run", error: eventError(error) });
          throw error;
        }
      });
    },
    capabilities: () =>
      describeCapabilities({
        perception,
        plannerIds: planners.map((planner) => planner.id),
        images: { paths: images.imageRoot !== undefined, remote: images.allowRemoteImages === true, maxBytes: images.maxBytes ?? DEFAULT_IMAGE_MAX_BYTES },
        limits: { concurrency, queueSize, requestTimeoutMs },
        policy,
        isolation: typeof isolation === "string" ? isolation : "process-pool",
      }),
    health: () => ({ status: closing ? "closing" : "ok", ...slots.counts(), uptimeMs: performance.now() - startedMs }),
    close() {
      closing = true;
      return slots.close();
    },
  };
}

/** Waits for `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
