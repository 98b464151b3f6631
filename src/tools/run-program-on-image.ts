import { runIsolated, type ProgramRun, type SandboxIsolation, type SandboxPolicy } from "../../sandbox/index.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import type { AnswerWarning } from "./answer-warning.ts";
import { createToolHost } from "./create-tool-host.ts";
import { deriveAnswerWarnings } from "./derive-answer-warnings.ts";
import { openImageSession, type ImageSession } from "./image-session.ts";
import { observeToolHost } from "./observed-tool-host.ts";
import type { ToolCallEvent } from "./tool-call-event.ts";

/** Options for {@link runProgramOnImage}. */
export interface RunProgramOnImageOptions {
  /** The decoded image, or an open session on it (sessions share per-image caches across runs). */
  image: RgbImage | ImageSession;
  /** The program: `async function execute_command(image: ImagePatch): Promise<Answer>` in TypeScript. */
  source: string;
  /** Back-ends that serve the program's perception calls. Ignored when `image` is a session. */
  perception: PerceptionBackends;
  /** Sandbox limits; unset fields take the defaults in docs/SANDBOX.md. */
  policy?: Partial<SandboxPolicy>;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Hears every tool call as it starts and ends (progress, streaming). @defaultValue none */
  onToolCall?: (event: ToolCallEvent) => void;
  /**
   * Where the program runs: `"in-process"`, an isolate in this process; `"process"`, the process-wide
   * pool of sandbox processes, so a program that makes V8 abort cannot take this process down (use it
   * for untrusted programs, see docs/SANDBOX.md); or a {@link ProcessPool} of your own.
   * @defaultValue "in-process"
   */
  isolation?: SandboxIsolation;
}

/** A finished program run on an image: the sandbox's run plus the warnings its answer carries. */
export interface ImageProgramRun extends ProgramRun {
  /** Why the answer may be wrong although the program returned it (e.g. it rests on a find that found nothing). */
  readonly warnings: AnswerWarning[];
}

/**
 * Runs an untrusted program on an image in a fresh sandbox and returns its answer, trace and answer
 * warnings (derived from what each find call rested on, recorded in its trace details; see deriveAnswerWarnings).
 */
export async function runProgramOnImage(options: RunProgramOnImageOptions): Promise<ImageProgramRun> {
  const { image, source, perception, policy, signal, isolation, onToolCall } = options;
  const session = "scene" in image ? image : openImageSession(image, perception);
  const toolHost = createToolHost(session);
  const host = onToolCall === undefined ? toolHost : observeToolHost(toolHost, onToolCall);
  const run = await runIsolated(isolation, { source, host, policy, signal });
  return { ...run, warnings: deriveAnswerWarnings(run.trace) };
}
