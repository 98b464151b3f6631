import { ViperError } from "../errors/index.ts";
import type { ImageSession } from "../tools/image-session.ts";
import { runProgramOnImage, type ImageProgramRun } from "../tools/run-program-on-image.ts";
import { notifyListener } from "../tools/tool-call-event.ts";
import { eventError } from "./agent-event.ts";
import type { Agent, AgentCallOptions, AgentOptions, AskAttempt, AskResult, AskTimings, RunResult } from "./agent-types.ts";
import { loadApiDeclaration } from "./api-declaration.ts";
import { type CapabilityView, describeCapabilities } from "./capabilities/capability-view.ts";
import { type ImageInput, toImageSession } from "./image-input.ts";
import { normalizeAnswer } from "./normalize-answer.ts";
import type { PlanFeedback } from "./planner.ts";
import { createProgramCache, programCacheKey } from "./program-cache.ts";
import type { ProgramChecker } from "./program-checker.ts";
import { checkFeedback, isRepairableRunError, outputFeedback, runtimeFeedback } from "./repair-feedback.ts";
import { askVisualQaDirectly } from "./visual-qa-fallback.ts";

type Outcome = { run: ImageProgramRun } | { error: unknown; stage: "check" | "run" };

/** How one program is checked before it runs: not at all (a trusted planner's), or against this view. */
type CheckPlan = { readonly skip: true } | { readonly skip: false; readonly capabilities: CapabilityView };

/** One program attempt within an agent call: cancellation, the call's listener, its number and origin. */
interface AttemptContext extends AgentCallOptions {
  readonly attempt: number;
  readonly cached: boolean;
}

/**
 * Creates an agent. Each `ask` keeps its state to itself, so many may run at once; they share only the
 * planner, the perception back-ends, the program cache and the (synchronous) checker.
 */
export function createAgent(options: AgentOptions): Agent {
  const { planner, perception, policy, isolation, maxRepairs = 2, vlmFallback = true } = options;
  if (!Number.isInteger(maxRepairs) || maxRepairs < 0) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `maxRepairs must be a whole number ≥ 0; got ${maxRepairs}.`, details: { maxRepairs } });
  }
  const cache = options.cache === false ? undefined : (options.cache ?? createProgramCache());
  const apiVersion = loadApiDeclaration().version;
  // TypeScript is loaded on the first check, so a planner whose programs need none (the rule planner's)
  // never pays for it.
  let checkerPromise: Promise<ProgramChecker> | undefined;
  const loadChecker = () => (checkerPromise ??= options.checker ? Promise.resolve(options.checker) : import("./program-checker.ts").then((module) => module.sharedProgramChecker()));

  async function checkAndRun(session: ImageSession, source: string, check: CheckPlan, timings: { checkMs: number; runMs: number }, call: AttemptContext): Promise<Outcome> {
    const { signal, onEvent, attempt } = call;
    notifyListener(onEvent, { type: "program-start", attempt, program: source, cached: call.cached });
    const failed = (error: unknown, stage: "check" | "run"): Outcome => {
      notifyListener(onEvent, { type: "program-error", attempt, stage, error: eventError(error) });
      return { error, stage };
    };
    const checkStart = performance.now();
    try {
      if (!check.skip) (await loadChecker()).check(source, { capabilities: check.capabilities });
    } catch (error) {
      return failed(error, "check");
    } finally {
      timings.checkMs += performance.now() - checkStart;
    }
    const runStart = performance.now();
    try {
      return { run: await runProgramOnImage({ image: session, source, perception, policy, signal, isolation, onToolCall: onEvent }) };
    } catch (error) {
      signal?.throwIfAborted();
      return failed(error, "run");
    } finally {
      timings.runMs += performance.now() - runStart;
    }
  }

  async function ask(image: ImageInput, question: string, { signal, onEvent }: AgentCallOptions = {}): Promise<AskResult> {
    const started = performance.now();
    if (typeof question !== "string" || question.trim() === "") {
      throw new ViperError({ code: "CONFIG_INVALID", message: "The question is empty; ask something about the image.", details: {} });
    }
    const session = await toImageSession(image, perception);
    const capabilities = describeCapabilities({ perception, scene: session.scene });
    const check: CheckPlan = planner.trusted === true ? { skip: true } : { skip: false, capabilities };
    const timings: AskTimings = { planMs: 0, checkMs: 0, runMs: 0, totalMs: 0 };
    const attempts: AskAttempt[] = [];
    const finish = (run: ImageProgramRun, program: string): AskResult => {
      timings.totalMs = performance.now() - started;
      return { answer: normalizeAnswer(run.answer), program, trace: run.trace, timings, attempts, fallback: false, warnings: run.warnings };
    };

    // The API "as this set-up has it" is part of the key: a program written for other back-ends is not reused.
    const key = cache === undefined ? undefined : programCacheKey({ question, plannerId: planner.id, apiVersion: `${apiVersion}/${capabilities.key}` });
    const cachedProgram = key === undefined ? undefined : await cache?.get(key);
    if (cachedProgram !== undefined) {
      const outcome = await checkAndRun(session, cachedProgram, check, timings, { signal, onEvent, attempt: attempts.length + 1, cached: true });
      if ("run" in outcome) {
        attempts.push({ program: cachedProgram, cached: true });
        return finish(outcome.run, cachedProgram);
      }
      // The program worked once but not now (another image, a changed back-end): plan afresh.
      attempts.push({ program: cachedProgram, cached: true, error: eventError(outcome.error) });
      if (key !== undefined) await cache?.delete(key);
    }

    const feedback: PlanFeedback[] = [];
    let lastError: unknown;
    const rounds = planner.repairs ? maxRepairs + 1 : 1;
    for (let round = 0; round < rounds; round++) {
      const planStart = performance.now();
      const attempt = attempts.length + 1;
      notifyListener(onEvent, { type: "plan-start", attempt });
      let program: string;
      try {
        program = await planner.plan({ question, feedback: [...feedback], signal, capabilities });
        notifyListener(onEvent, { type: "plan-end", attempt, program });
      } catch (error) {
        signal?.throwIfAborted();
        lastError = error;
        notifyListener(onEvent, { type: "plan-error", attempt, error: eventError(error) });
        attempts.push({ program: null, error: eventError(error) });
        if (ViperError.hasCode(error, "PLANNER_OUTPUT")) {
          feedback.push(outputFeedback(error));
          continue;
        }
        break;
      } finally {
        timings.planMs += performance.now() - planStart;
      }
      const outcome = await checkAndRun(session, program, check, timings, { signal, onEvent, attempt, cached: false });
      if ("run" in outcome) {
        attempts.push({ program });
        if (key !== undefined) await cache?.set(key, program);
        return finish(outcome.run, program);
      }
      lastError = outcome.error;
      attempts.push({ program, error: eventError(outcome.error) });
      if (outcome.stage === "check" && ViperError.isInstance(outcome.error)) feedback.push(checkFeedback(program, outcome.error));
      else if (isRepairableRunError(outcome.error)) feedback.push(runtimeFeedback(program, outcome.error, capabilities));
      else break;
    }

    signal?.throwIfAborted();
    if (vlmFallback && allowsFallback(lastError)) {
      notifyListener(onEvent, { type: "fallback-start" });
      const direct = await askVisualQaDirectly(session, perception, question).catch((error: unknown) => {
        throw withAttempts(error, attempts);
      });
      if (direct !== undefined) {
        timings.totalMs = performance.now() - started;
        return { answer: normalizeAnswer(direct.answer), program: null, trace: [], timings, attempts, fallback: true, warnings: [] };
      }
    }
    throw withAttempts(lastError, attempts);
  }

  async function runProgram(image: ImageInput, source: string, { signal, onEvent }: AgentCallOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const session = await toImageSession(image, perception);
    const timings = { checkMs: 0, runMs: 0, totalMs: 0 };
    const capabilities = describeCapabilities({ perception, scene: session.scene });
    const outcome = await checkAndRun(session, source, { skip: false, capabilities }, timings, { signal, onEvent, attempt: 1, cached: false });
    if (!("run" in outcome)) throw outcome.error;
    timings.totalMs = performance.now() - started;
    return { answer: normalizeAnswer(outcome.run.answer), program: source, trace: outcome.run.trace, timings, warnings: outcome.run.warnings };
  }

  return { planner, perception, ask, runProgram };
}

/**
 * The fallback answers when programs failed, not when the set-up is broken: a planner server that is
 * down or a missing key must be reported, not hidden behind another model's answer.
 */
function allowsFallback(error: unknown): boolean {
  return ViperError.hasCode(error, "PLANNER_OUTPUT") || ViperError.hasCode(error, "PLANNER_UNSUPPORTED") || isRepairableRunError(error);
}

/** The same error with the attempts in its details, so callers see everything that was tried. */
function withAttempts(error: unknown, attempts: readonly AskAttempt[]): unknown {
  if (!ViperError.isInstance(error)) return error;
  return new ViperError({ code: error.code, message: error.message, details: { ...error.details, attempts }, cause: error });
}
