import { runProgram, type ProgramRun, type SandboxPolicy } from "../../sandbox/index.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { createToolHost } from "./create-tool-host.ts";
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
}

/** Runs an untrusted program on an image in a fresh sandbox and returns its answer and trace. */
export async function runProgramOnImage(options: RunProgramOnImageOptions): Promise<ProgramRun> {
  const { image, source, perception, policy, signal, onToolCall } = options;
  const session = "scene" in image ? image : openImageSession(image, perception);
  const toolHost = createToolHost(session);
  const host = onToolCall === undefined ? toolHost : observeToolHost(toolHost, onToolCall);
  return runProgram({ source, host, policy, signal });
}
