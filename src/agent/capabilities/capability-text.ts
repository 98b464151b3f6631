import { type CapabilityView, SCENE_WORDS } from "./capability-view.ts";
import { BACKEND_NAMES, MEMBER_BACKENDS } from "./member-backends.ts";
import type { DetectorCapability, SceneCapabilities } from "./scene-capabilities.ts";

/**
 * The prompt's section on this set-up: the scene kind, what find/exists/count can name, and what the
 * members that are served only in part accept. Members with no back-end are not in the prompt at all.
 */
export function capabilitySection(view: CapabilityView): string {
  const lines = ["What this set-up can see (the API above lists only the members it serves):"];
  for (const scene of view.scenes) {
    const prefix = view.scenes.length > 1 ? `${capitalize(SCENE_WORDS[scene.scene])}: ` : "";
    lines.push(`- ${prefix}${SCENE_LINES[scene.scene]}`);
    if (scene.members.find?.level !== "none") lines.push(`- ${prefix}find, exists and count can name ${vocabularyText(scene)}.`);
  }
  for (const name of Object.keys(MEMBER_BACKENDS)) {
    const member = view.member(name);
    if (member?.level === "limited" && MEMBER_BACKENDS[name] !== "detector") lines.push(`- ${name} serves ${member.limits}.`);
  }
  return lines.join("\n");
}

const SCENE_LINES = {
  photo: "The image is a photo.",
  plain: "The image is a plain-background scene: flat coloured shapes on a plain background.",
} as const;

/** What find can name in a scene, e.g. `circle, square (singular or plural; a colour word may come first: red, ...)`. */
export function vocabularyText(scene: SceneCapabilities): string {
  if (scene.detectors.length === 0) return "nothing (no detector serves this image)";
  return scene.detectors.map(detectorText).join("; and ");
}

function detectorText(detector: DetectorCapability): string {
  const names =
    detector.vocabulary === "open"
      ? "any noun phrase (an open-vocabulary detector)"
      : detector.vocabulary === undefined
        ? `the names the ${detector.id} detector knows (it does not list them)`
        : `${detector.vocabulary.join(", ")} (singular or plural`;
  const modifiers = [
    detector.colorWords.length > 0 ? `a colour word (${detector.colorWords.join(", ")})` : "",
    detector.sizeWords.length > 0 ? `a size word (${detector.sizeWords.join(", ")})` : "",
  ].filter((text) => text !== "");
  const before = modifiers.length === 0 ? "" : `${modifiers.join(" and ")} may come first`;
  if (!Array.isArray(detector.vocabulary)) return before === "" ? names : `${names}; ${before}`;
  return before === "" ? `${names})` : `${names}; ${before})`;
}

/** What find can name in the view, over its scene kinds, for messages. */
function viewVocabulary(view: CapabilityView): string {
  if (view.scenes.length === 1) return vocabularyText(view.scenes[0]!);
  return view.scenes.map((scene) => `${SCENE_WORDS[scene.scene]}: ${vocabularyText(scene)}`).join(" | ");
}

/** For the model: a member this set-up cannot serve at all, and what to use instead. */
export function unservedMemberMessage(name: string, view: CapabilityView): string {
  const backend = MEMBER_BACKENDS[name];
  const need = backend === undefined ? "a back-end" : BACKEND_NAMES[backend];
  const where = view.scene === undefined ? "" : ` for ${view.scene === "photo" ? "photos" : "plain-background scenes"}`;
  return `${name} is not available here: it needs ${need} and this set-up has none${where}. ${insteadOf(name, view)}`;
}

/** For the model: a literal request that a member served only in part cannot take. */
export function limitedRequestMessage(name: string, request: string, view: CapabilityView): string {
  const member = view.member(name);
  return `${request} cannot be served here: ${name} serves ${member?.limits ?? "other requests"}. ${insteadOf(name, view)}`;
}

/** For the model: a name no configured detector knows, with the names it can use. */
export function unknownLabelMessage(request: string, label: string, view: CapabilityView): string {
  return (
    `${request}: no detector in this set-up knows "${label}". find, exists and count can name ${viewVocabulary(view)}. ` +
    "Pass a plain name there and work out order, size, position and relations in code from the patches' coordinates."
  );
}

/** What a program can do instead of calling `name`, using only what this set-up serves. */
export function insteadOf(name: string, view: CapabilityView): string {
  const served = (member: string) => view.member(member)?.level !== "none";
  const colorNames = view.scenes.some((scene) => scene.detectors.some((detector) => detector.colorWords.length > 0 || detector.vocabulary === "open"));
  switch (MEMBER_BACKENDS[name]) {
    case "detector":
      return "Nothing in this set-up can find objects in this image.";
    case "visual-qa": {
      const others = ["find", "exists", "count", "verify_property", "best_text_match"].filter(served);
      if (others.length === 0) return "Nothing in this set-up can answer it.";
      return `Use ${others.join(" / ")} instead${colorNames ? ' (find takes a colour word: "red foo")' : ""}, and the patches' coordinates for positions.`;
    }
    case "scorer":
      if (served("find") && colorNames) return 'Use find with the property in the name instead ("red foo"), and compare with the patches found without it.';
      return served("simple_query") ? "Use simple_query instead." : "Nothing in this set-up can check properties.";
    case "depth":
      return "Compare sizes (width * height) or vertical positions instead.";
    case "text-model":
      return "Answer from what the program finds (names, counts, positions) instead.";
    default:
      return "";
  }
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
