import { describe, expect, it } from "vitest";
import { describeCapabilities } from "../../src/agent/capabilities/capability-view.ts";
import { runtimeFeedback } from "../../src/agent/repair-feedback.ts";
import { ViperError } from "../../src/errors/index.ts";
import { COCO_CLASSES, unsupportedLabelError } from "../../src/mllm/labels/index.ts";
import { pixelsCannotServe } from "../../src/mllm/pixels/no-backend.ts";
import { classifyScene, createPixelBackends } from "../../src/mllm/pixels/index.ts";
import { createStoreDetector } from "../../src/mllm/onnx-detector/index.ts";
import { noBackendError } from "../../src/tools/no-backend-error.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

const PROGRAM = 'async function execute_command(image: ImagePatch): Promise<Answer> {\n  const name = "x";\n  return await image.count(name);\n}\n';

/** The run error as the sandbox reports a failed tool call: the back-end's error with the program's line. */
const atLine = (error: ViperError, line = 3) => new ViperError({ code: error.code, message: error.message, details: { ...error.details, line } });

describe("run errors go back to the model in its terms", () => {
  const plain = describeCapabilities({ perception: pixelPerception(), scene: "plain" });
  const photo = describeCapabilities({ perception: { classifyScene, detectors: [createPixelBackends().detector, createStoreDetector({ modelsDir: "/nonexistent" })], visualQA: [], scorers: [] }, scene: "photo" });

  it("a name no detector knows (the router's NO_BACKEND): the names find can use, not what to configure", () => {
    const error = atLine(noBackendError({ primitive: "find", request: 'find("largest shape")', scene: "plain", configured: ["pixels"] }));
    const { problem } = runtimeFeedback(PROGRAM, error, plain);
    expect(problem).toContain('failed while running at line 3 (`return await image.count(name);`): find("largest shape"): no detector in this set-up knows "largest shape". find, exists and count can name circle, square');
    expect(problem).not.toContain("--detector");
  });

  it("a COCO detector's refusal and pixel analysis's refusal of a text to score", () => {
    expect(runtimeFeedback(PROGRAM, atLine(unsupportedLabelError("unicorn", "yolox-nano", COCO_CLASSES.map((cocoClass) => cocoClass.name))), photo).problem).toContain('find("unicorn"): no detector in this set-up knows "unicorn". find, exists and count can name person, bicycle');
    const scored = atLine(pixelsCannotServe({ primitive: "score", request: "wooden circle", reason: "it only knows shapes", advice: "configure --scorer clip" }));
    const { problem } = runtimeFeedback(PROGRAM, scored, plain);
    expect(problem).toContain('verify_property("wooden circle") cannot be served here: verify_property serves only these properties: colours');
    expect(problem).not.toContain("--scorer");
  });

  it("a member with no back-end at all: what it needs and what to use instead", () => {
    const error = atLine(noBackendError({ primitive: "llm_query", request: "llm_query()", scene: "plain", configured: [] }));
    expect(runtimeFeedback(PROGRAM, error, plain).problem).toContain(
      "llm_query is not available here: it needs a language model and this set-up has none for plain-background scenes. Answer from what the program finds (names, counts, positions) instead.",
    );
  });

  it("limits are not the model's to raise", () => {
    const timeout = new ViperError({ code: "SANDBOX_TIMEOUT", message: "The program ran longer than 100 ms and was stopped. Look for a promise that never settles or a loop that never ends, or raise wallTimeoutMs.", details: {} });
    expect(runtimeFeedback(PROGRAM, timeout, plain).problem).toBe("The program failed while running: The program ran longer than 100 ms and was stopped. Look for a promise that never settles or a loop that never ends.");
    const calls = new ViperError({ code: "TOOL_LIMIT", message: "The program made more than 50 tool calls. Make fewer calls (e.g. find once and reuse the patches) or raise maxToolCalls.", details: { line: 3 } });
    expect(runtimeFeedback(PROGRAM, calls, plain).problem).toContain("Make fewer calls (e.g. find once and reuse the patches).");
  });
});
