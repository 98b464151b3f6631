import { describe, expect, it } from "vitest";
import { loadApiDeclaration } from "../../src/agent/api-declaration.ts";
import { parseApiMembers } from "../../src/agent/api-members.ts";
import { describeCapabilities } from "../../src/agent/capabilities/capability-view.ts";
import { MEMBER_BACKENDS } from "../../src/agent/capabilities/member-backends.ts";
import type { Detector, PerceptionBackends, TextModel } from "../../src/mllm/capabilities.ts";
import { createPhotoColorQA, createPhotoColorScorer } from "../../src/mllm/photo-attributes/index.ts";
import { classifyScene, createPixelBackends } from "../../src/mllm/pixels/index.ts";
import { createClipScorer, createOwlDetector } from "../../src/mllm/transformers/index.ts";
import { createStoreDetector } from "../../src/mllm/onnx-detector/index.ts";
import { createServedVlm } from "../../src/mllm/served/index.ts";

const NO_MODELS = { modelsDir: "/nonexistent-models-never-loaded" };

/**
 * A FAKE detector family (as the detectors team's Ultralytics models with custom class names will be): it
 * lists "widget" and "gadget", but its supports() — the final word — refuses "gadget" on this scene.
 */
const fakeCustomDetector: Detector = {
  specificationVersion: "v1",
  id: "fake-custom",
  vocabulary: ["widget", "gadget"],
  scenes: ["photo"],
  supports: (label, context) => context.scene === "photo" && /^(red )?widgets?$/.test(label),
  detect: async () => [],
};

/** A FAKE language model at the llm_query boundary. */
const fakeTextModel: TextModel = { specificationVersion: "v1", id: "fake-text", complete: async () => "" };

function backends(overrides: Partial<PerceptionBackends>): PerceptionBackends {
  return { classifyScene, detectors: [], visualQA: [], scorers: [], ...overrides };
}

describe("capability view", () => {
  it("knows which back-end serves every member whose declaration returns a Promise (and no other)", () => {
    const promised = new Set(parseApiMembers(loadApiDeclaration().text).filter((member) => member.returnsPromise).map((member) => member.name));
    expect(new Set(Object.keys(MEMBER_BACKENDS))).toEqual(promised);
  });

  it("takes the names find knows from the detectors' vocabulary, and supports() as the final word", () => {
    const view = describeCapabilities({ perception: backends({ detectors: [createPixelBackends().detector, fakeCustomDetector] }), scene: "photo" });
    expect(view.scenes[0]!.detectors).toEqual([{ id: "fake-custom", vocabulary: ["widget", "gadget"], colorWords: ["red"], sizeWords: [] }]);
    expect(view.member("find")).toMatchObject({ level: "limited", servedBy: ["fake-custom"] });
    expect(view.knowsLabel("widgets")).toBe(true);
    expect(view.knowsLabel("gadget")).toBe(false);
    // The pixel detector serves plain scenes only (its `scenes`), so "circle" is unknown on a photo.
    expect(view.knowsLabel("circle")).toBe(false);
  });

  it("on a photo with the offline default: COCO names, colour-only simple_query and scoring, no depth or llm_query", () => {
    const yolox = createStoreDetector(NO_MODELS);
    const perception = backends({
      detectors: [createPixelBackends().detector, yolox],
      visualQA: [createPixelBackends().visualQA, createPhotoColorQA({ detector: yolox })],
      scorers: [createPixelBackends().scorer, createPhotoColorScorer()],
    });
    const view = describeCapabilities({ perception, scene: "photo" });
    expect(view.member("find")).toMatchObject({ level: "limited", servedBy: ["yolox-nano"] });
    expect(view.member("simple_query")).toMatchObject({ level: "limited", servedBy: ["photo-color"], limits: 'only questions of these forms: "What color is this?", "What color is the <object>?"' });
    expect(view.member("verify_property")?.level).toBe("limited");
    expect(view.answersQuestion("What color is the car?")).toBe(true);
    expect(view.answersQuestion("What is the man holding?")).toBe(false);
    expect(view.scoresTexts(["red car"])).toBe(true);
    expect(view.scoresTexts(["wooden car"])).toBe(false);
    expect([...view.unavailable].sort()).toEqual(["compute_depth", "llm_query"]);
  });

  it("serves everything in full with an open-vocabulary detector, a VLM, CLIP, depth and a language model", () => {
    const perception = backends({
      detectors: [createOwlDetector(NO_MODELS)],
      visualQA: [createServedVlm({ spec: "ollama:llava" })],
      scorers: [createClipScorer(NO_MODELS)],
      depth: { specificationVersion: "v1", id: "fake-depth", depth: async () => ({ width: 1, height: 1, data: new Float32Array(1) }) },
      textModel: fakeTextModel,
    });
    const view = describeCapabilities({ perception, scene: "photo" });
    for (const name of Object.keys(MEMBER_BACKENDS)) expect(view.member(name)?.level, name).toBe("full");
    expect(view.unavailable.size).toBe(0);
    expect(view.knowsLabel("a sleeping dog")).toBe(true);
  });

  it("with no scene kind given, covers both kinds: a member counts as served if either kind has it", () => {
    const pixels = createPixelBackends();
    const perception = backends({ detectors: [pixels.detector, createStoreDetector(NO_MODELS)], visualQA: [pixels.visualQA], scorers: [pixels.scorer] });
    const view = describeCapabilities({ perception });
    expect(view.scene).toBeUndefined();
    expect(view.scenes.map((scene) => scene.scene)).toEqual(["plain", "photo"]);
    expect(view.knowsLabel("circle") && view.knowsLabel("car")).toBe(true);
    expect(view.knowsLabel("unicorn")).toBe(false);
    expect(view.member("simple_query")).toMatchObject({ level: "limited" });
    expect(view.member("simple_query")?.limits).toMatch(/^on plain-background scenes: only questions of these forms: /);
  });

  it("asks the back-ends once per set-up and scene kind", () => {
    const perception = backends({ detectors: [createPixelBackends().detector] });
    expect(describeCapabilities({ perception, scene: "plain" })).toBe(describeCapabilities({ perception, scene: "plain" }));
    expect(describeCapabilities({ perception, scene: "plain" }).key).not.toBe(describeCapabilities({ perception, scene: "photo" }).key);
  });
});
