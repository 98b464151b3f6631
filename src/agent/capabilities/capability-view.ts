import type { PerceptionBackends, SceneKind } from "../../mllm/capabilities.ts";
import { type MemberCapability, type SceneCapabilities, sceneCapabilities } from "./scene-capabilities.ts";

/**
 * The ImagePatch API as one set-up has it: which members its perception back-ends serve (fully, in part,
 * or not at all), what `find` can name, and tests for string literals a program passes. The prompt and
 * the checker are both built from it, so they agree.
 */
export interface CapabilityView {
  /** The image's scene kind, or undefined when the view covers both kinds (a check with no image). */
  readonly scene: SceneKind | undefined;
  /** One entry for the image's scene kind, or one per kind when `scene` is undefined. */
  readonly scenes: readonly SceneCapabilities[];
  /** Identifies what the view allows: equal keys give equal prompts and checks. */
  readonly key: string;
  /** Members that no configured back-end serves in any of `scenes`. */
  readonly unavailable: ReadonlySet<string>;
  /** How far a perception member is served, over `scenes` (the best of them); undefined for other members. */
  member(name: string): MemberCapability | undefined;
  /** Whether some configured detector can look for `label` (in some scene of the view). */
  knowsLabel(label: string): boolean;
  /** Whether some configured visual-QA back-end can answer `question`. */
  answersQuestion(question: string): boolean;
  /** Whether some configured scorer can score all of `texts`. */
  scoresTexts(texts: readonly string[]): boolean;
}

/** Options for {@link describeCapabilities}. */
export interface DescribeCapabilitiesOptions {
  /** The configured back-ends. */
  perception: PerceptionBackends;
  /** The scene kind of the image (`perception.classifyScene(image)`). @defaultValue both kinds */
  scene?: SceneKind;
}

const SCENE_KINDS: readonly SceneKind[] = ["plain", "photo"];
const LEVEL_ORDER = { none: 0, limited: 1, full: 2 } as const;
const views = new WeakMap<PerceptionBackends, Map<string, CapabilityView>>();

/**
 * Describes what the configured perception serves for images of one scene kind (or both). Back-ends are
 * asked once per set-up and scene kind; later calls return the same view.
 */
export function describeCapabilities({ perception, scene }: DescribeCapabilitiesOptions): CapabilityView {
  let byScene = views.get(perception);
  if (byScene === undefined) {
    byScene = new Map();
    views.set(perception, byScene);
  }
  const cacheKey = scene ?? "any";
  let view = byScene.get(cacheKey);
  if (view === undefined) {
    view = buildView(scene, (scene === undefined ? SCENE_KINDS : [scene]).map((kind) => sceneCapabilities(perception, kind)));
    byScene.set(cacheKey, view);
  }
  return view;
}

function buildView(scene: SceneKind | undefined, scenes: readonly SceneCapabilities[]): CapabilityView {
  const names = Object.keys(scenes[0]?.members ?? {});
  const members = new Map(names.map((name) => [name, mergeMember(scenes.map((each) => each.members[name]!), scenes)]));
  const unavailable = new Set(names.filter((name) => members.get(name)?.level === "none"));
  const key = JSON.stringify(scenes.map((each) => [each.scene, each.detectors, names.map((name) => each.members[name])]));
  return {
    scene,
    scenes,
    key,
    unavailable,
    member: (name) => members.get(name),
    knowsLabel: (label) => scenes.some((each) => each.knowsLabel(label)),
    answersQuestion: (question) => scenes.some((each) => each.answersQuestion(question)),
    scoresTexts: (texts) => scenes.some((each) => each.scoresTexts(texts)),
  };
}

/** One member over several scene kinds: its best level, and each kind's limits when it is limited. */
function mergeMember(perScene: readonly MemberCapability[], scenes: readonly SceneCapabilities[]): MemberCapability {
  if (perScene.length === 1) return perScene[0]!;
  const best = perScene.reduce((top, each) => (LEVEL_ORDER[each.level] > LEVEL_ORDER[top.level] ? each : top));
  const servedBy = [...new Set(perScene.flatMap((each) => each.servedBy))];
  if (best.level !== "limited") return { ...best, servedBy };
  const limits = perScene
    .map((each, index) => (each.level === "limited" ? `${SCENE_WORDS[scenes[index]!.scene]}: ${each.limits}` : ""))
    .filter((text) => text !== "")
    .join("; ");
  return { ...best, servedBy, limits };
}

/** How a scene kind is named in text for the model. */
export const SCENE_WORDS: Readonly<Record<SceneKind, string>> = { plain: "on plain-background scenes", photo: "on photos" };
