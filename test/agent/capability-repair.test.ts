import { FakeListChatModel } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/agent.ts";
import { createLlmPlanner } from "../../src/agent/llm-planner.ts";
import type { ProgramChecker } from "../../src/agent/program-checker.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import { ViperError } from "../../src/errors/index.ts";
import type { PerceptionBackends } from "../../src/mllm/capabilities.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { classifyScene } from "../../src/mllm/pixels/index.ts";
import { createStoreDetector } from "../../src/mllm/onnx-detector/index.ts";
import { createPerception, type Perception } from "../../src/tools/create-perception.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";
import { cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { describeRequiring } from "../fixtures/test-requirements.ts";
import { YOLOX_MODELS_DIR, YOLOX_NANO_FILE } from "../detectors/coco-tiny.ts";
import { fenced, RecordingCallbackHandler } from "./support.ts";

/** A COCO val2017 photo with three cars right of a bus (YOLOX-Nano finds all three). */
const PHOTO = cocoPhotoPath("000000436738.jpg");
const COUNT_CARS = fenced('const car_patches = await image.find("cars");', "return car_patches.length;");

/** A planner over a FAKE chat model that answers with `responses` in order; `recorder` sees every call. */
function fakeModelPlanner(responses: string[]) {
  const recorder = new RecordingCallbackHandler();
  return { planner: createLlmPlanner({ chatModel: new FakeListChatModel({ responses }), callbacks: [recorder] }), recorder };
}

function systemMessageOf(recorder: RecordingCallbackHandler, call: number): string {
  const content = recorder.calls[call]?.[0]?.content;
  return typeof content === "string" ? content : JSON.stringify(content);
}

describeRequiring([YOLOX_NANO_FILE], "an LLM planner that knows its tools (fake chat model, real YOLOX on a COCO photo)", () => {
  let photo: RgbImage;
  let yoloxOnly: PerceptionBackends;
  let offlineDefault: Perception;
  beforeAll(async () => {
    photo = await loadImage(PHOTO);
    yoloxOnly = { classifyScene, detectors: [createStoreDetector({ modelsDir: YOLOX_MODELS_DIR })], visualQA: [], scorers: [] };
    offlineDefault = await createPerception({ modelsDir: YOLOX_MODELS_DIR });
  });
  afterAll(async () => {
    await Promise.all([offlineDefault.dispose(), ...yoloxOnly.detectors.map((detector) => detector.dispose?.())]);
  });

  it("rejects a first program calling simple_query with no VLM at check time, says why in the model's terms, and the repair answers", async () => {
    const { planner, recorder } = fakeModelPlanner([fenced('return coerce_to_numeric(await image.simple_query("How many cars are there?"));'), COUNT_CARS]);
    const result = await createAgent({ planner, perception: yoloxOnly, vlmFallback: false }).ask(photo, "How many cars are there?");
    expect(result.answer).toBe(3);
    expect(result.attempts.map((attempt) => attempt.error?.code)).toEqual(["NO_BACKEND", undefined]);
    // Nothing ran for the first program: the trace is the repaired program's only.
    expect(result.trace.map((entry) => entry.tool)).toEqual(["find"]);
    const feedback = recorder.lastMessageOf(1);
    expect(feedback).toContain("The program asks for what this set-up cannot see:");
    expect(feedback).toContain("- line 2: simple_query is not available here: it needs a vision-language model (VLM) and this set-up has none for photos. Use find / exists / count instead");
    expect(feedback).not.toContain("--vlm");
    // The prompt itself had left simple_query out and listed what find can name.
    expect(systemMessageOf(recorder, 0)).not.toContain("simple_query(question: string)");
    expect(systemMessageOf(recorder, 0)).toContain("find, exists and count can name person, bicycle, car, motorcycle");
  }, 60_000);

  it("with the offline default, a question simple_query cannot take here is rejected the same way", async () => {
    const { planner, recorder } = fakeModelPlanner([fenced('return coerce_to_numeric(await image.simple_query("How many cars are there?"));'), COUNT_CARS]);
    const result = await createAgent({ planner, perception: offlineDefault, vlmFallback: false }).ask(photo, "How many cars are there?");
    expect(result.answer).toBe(3);
    expect(recorder.lastMessageOf(1)).toContain(
      '- line 2: simple_query("How many cars are there?") cannot be served here: simple_query serves only questions of these forms: "What color is this?", "What color is the <object>?".',
    );
  }, 60_000);

  it("feeds a run-time NO_BACKEND back in the model's terms: the names find can use, not what to configure", async () => {
    const computedLabel = fenced('const name = ["unicorns", "cars"][0];', "return (await image.find(name)).length;");
    const { planner, recorder } = fakeModelPlanner([computedLabel, COUNT_CARS]);
    const result = await createAgent({ planner, perception: yoloxOnly, vlmFallback: false }).ask(photo, "How many cars are there?");
    expect(result.answer).toBe(3);
    expect(result.attempts[0]?.error?.code).toBe("NO_BACKEND");
    const feedback = recorder.lastMessageOf(1);
    expect(feedback).toContain('The program failed while running at line 3 (`return (await image.find(name)).length;`): find("unicorns"): no detector in this set-up knows "unicorns".');
    expect(feedback).toContain("find, exists and count can name person, bicycle, car");
    expect(feedback).not.toContain("--detector");
    // A person still gets the advice on what to configure.
    expect(result.attempts[0]?.error?.message).toContain("--detector owlv2");
  }, 60_000);
});

describe("the rule planner's programs are trusted", () => {
  /** A checker that fails every program: proves which plans are checked. */
  const refusingChecker = {
    check() {
      throw new ViperError({ code: "PROGRAM_TYPE", message: "refused by the test's checker" });
    },
  } as unknown as ProgramChecker;

  it("are run without a type check, while a language model's are checked", async () => {
    const scene = await generateComposeScene({ seed: 7 });
    const circles = scene.objects.filter((object) => object.shape === "circle").length;
    const rules = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), checker: refusingChecker, vlmFallback: false });
    expect((await rules.ask(scene.image, "How many circles are there?")).answer).toBe(circles);
    const { planner } = fakeModelPlanner([fenced('return (await image.find("circles")).length;')]);
    const llm = createAgent({ planner, perception: pixelPerception(), checker: refusingChecker, vlmFallback: false, maxRepairs: 0 });
    await expect(llm.ask(scene.image, "How many circles are there?")).rejects.toThrow("refused by the test's checker");
  });
});
