/**
 * viper-ts SDK: answer questions about images by writing and running programs against the ImagePatch API.
 *
 * @example
 * import { createAgent, createPerception, createRulePlanner } from "viper-ts";
 * const perception = await createPerception();
 * const agent = createAgent({ planner: createRulePlanner(), perception });
 * const { answer, program, trace } = await agent.ask("scene.png", "How many red circles are there?");
 * await perception.dispose();
 */
export {
  checkProgram,
  createAgent,
  describeCapabilities,
  createLlmPlanner,
  createProgramCache,
  createRulePlanner,
  buildPlannerPrompt,
  extractProgram,
  normalizeAnswer,
  type Agent,
  type AgentCallOptions,
  type AgentEvent,
  type AgentOptions,
  type AskAttempt,
  type AskResult,
  type AskTimings,
  type CapabilityView,
  type CheckProgramOptions,
  type ImageInput,
  type JsonResult,
  type LlmPlannerOptions,
  type Planner,
  type PlanFeedback,
  type PlanRequest,
  type ProgramCache,
  type ProgramDiagnostic,
  type RunResult,
} from "./agent/index.ts";
export { ERROR_CODES, ViperError, type ViperErrorCode, type ViperErrorOptions } from "./errors/index.ts";
export type {
  DepthEstimator,
  DepthMap,
  Detection,
  Detector,
  PerceptionBackends,
  PerceptionContext,
  PerceptionDetails,
  SceneKind,
  TextImageScorer,
  TextModel,
  VisualQA,
} from "./mllm/capabilities.ts";
export type { PixelBox, RgbImage } from "./mllm/rgb-image.ts";
export type { DetectionSettings, TilingSettings } from "./mllm/detection/index.ts";
export { createOnnxDetector, type OnnxDetector, type OnnxDetectorOptions } from "./mllm/onnx-detector/index.ts";
export type { AnswerWarning } from "./tools/answer-warning.ts";
export type { TokenReduction } from "./mllm/transformers/token-reduction/token-reduction-mode.ts";
export { createPerception, type Perception, type PerceptionOptions } from "./tools/create-perception.ts";
export { loadImage, type LoadImageOptions } from "./tools/image-io.ts";
export { createViperTool, type ViperToolOptions } from "./server/langchain-tool.ts";
export { openImageSession, type ImageSession } from "./tools/image-session.ts";
export type { PatchBox } from "./tools/patch-box.ts";
export { runProgramOnImage, type ImageProgramRun, type RunProgramOnImageOptions } from "./tools/run-program-on-image.ts";
export type { ToolCallEvent } from "./tools/tool-call-event.ts";
export { DEFAULT_POLICY, type ProgramAnswer, type ProgramRun, type SandboxPolicy, type ToolCallDetails, type TraceEntry } from "../sandbox/index.ts";
export {
  createProcessPool,
  releaseProcessPool,
  type ProcessPool,
  type ProcessPoolOptions,
  type SandboxIsolation,
} from "../sandbox/index.ts";
export {
  renderEvalReport,
  renderRunReport,
  writeEvalReport,
  writeRunReport,
  type EvalReportInput,
  type ReportImage,
  type RunReportInput,
} from "./report/index.ts";
