import type { Detector, PerceptionBackends, PerceptionContext, SceneKind } from "../../mllm/capabilities.ts";
import { COLOR_NAMES } from "../../mllm/pixels/color-names.ts";
import { type BackendKind, MEMBER_BACKENDS } from "./member-backends.ts";
import { probeContext } from "./probe-context.ts";

/** What one detector that serves the scene can name. */
export interface DetectorCapability {
  readonly id: string;
  /** Its class names, "open" for any noun phrase, or undefined when the detector does not list them. */
  readonly vocabulary: readonly string[] | "open" | undefined;
  /** Colour words it accepts before a name ("red car"). */
  readonly colorWords: readonly string[];
  /** Size words it accepts before a name ("large circle"). */
  readonly sizeWords: readonly string[];
}

/** How far this set-up serves one member of the API in a scene. */
export interface MemberCapability {
  readonly name: string;
  readonly backend: BackendKind;
  /** "full": any request; "limited": only the requests `limits` describes; "none": no back-end. */
  readonly level: "full" | "limited" | "none";
  /** Ids of the back-ends that serve it. */
  readonly servedBy: readonly string[];
  /** For "limited": what it serves, as a phrase for the model, e.g. `only these questions: "What color is this?"`. */
  readonly limits?: string;
}

/** What a set-up can do with images of one scene kind. */
export interface SceneCapabilities {
  readonly scene: SceneKind;
  readonly detectors: readonly DetectorCapability[];
  /** Every member of {@link MEMBER_BACKENDS}, by name. */
  readonly members: Readonly<Record<string, MemberCapability>>;
  /** Whether a configured detector can look for `label` in this scene. */
  knowsLabel(label: string): boolean;
  /** Whether a configured visual-QA back-end can answer `question` in this scene. */
  answersQuestion(question: string): boolean;
  /** Whether a configured scorer can score all of `texts` in this scene. */
  scoresTexts(texts: readonly string[]): boolean;
}

const SIZE_WORDS = ["small", "large"] as const;

/** Question forms a visual-QA back-end is asked about; `<object>` is a name the scene's detector knows. */
const QUESTION_FORMS: ReadonlyArray<{ form: string; question: (noun: string) => string }> = [
  { form: "What color is this?", question: () => "What color is this?" },
  { form: "What color is the <object>?", question: (noun) => `What color is the ${noun}?` },
  { form: "What shape is this?", question: () => "What shape is this?" },
  { form: "What shape is the <object>?", question: (noun) => `What shape is the ${noun}?` },
  { form: "What size is this?", question: () => "What size is this?" },
  { form: "What size is the <object>?", question: (noun) => `What size is the ${noun}?` },
  { form: "What is this?", question: () => "What is this?" },
  { form: "How many <objects> are there?", question: (noun) => `How many ${noun}s are there?` },
  { form: "Is there a <object>?", question: (noun) => `Is there a ${noun}?` },
  { form: "Is this a <object>?", question: (noun) => `Is this a ${noun}?` },
];

/** Questions only a back-end that answers anything supports. */
const OPEN_QUESTIONS: ReadonlyArray<(noun: string) => string> = [(noun) => `What is the ${noun} doing?`, (noun) => `Why is the ${noun} here?`];

/** Properties only a back-end that scores any text supports (as verify_property phrases them: "<property> <name>"). */
const OPEN_PROPERTIES: ReadonlyArray<(noun: string) => string> = [(noun) => `wooden ${noun}`, (noun) => `${noun} made of glass`];

/**
 * Asks the configured back-ends what they serve in a scene of this kind, through their `vocabulary`,
 * `scenes` and `supports()` — never from a list kept here — and sums it up per API member.
 */
export function sceneCapabilities(perception: PerceptionBackends, scene: SceneKind): SceneCapabilities {
  const context = probeContext(scene);
  const detectors = perception.detectors.filter((detector) => servesScene(detector, context));
  const probeNoun = detectors.map((detector) => detector.vocabulary).find((vocabulary) => Array.isArray(vocabulary))?.[0] ?? "object";
  const visualQA = perception.visualQA;
  const scorers = perception.scorers;

  const knowsLabel = (label: string) => detectors.some((detector) => detector.supports(label, context));
  const answersQuestion = (question: string) => visualQA.some((backend) => backend.supports(question, context));
  const scoresTexts = (texts: readonly string[]) => scorers.some((scorer) => scorer.supports(texts, context));

  const detectorCapabilities = detectors.map((detector): DetectorCapability => {
    const noun = Array.isArray(detector.vocabulary) ? (detector.vocabulary[0] ?? probeNoun) : probeNoun;
    return {
      id: detector.id,
      vocabulary: detector.vocabulary,
      colorWords: COLOR_NAMES.filter((color) => detector.supports(`${color} ${noun}`, context)),
      sizeWords: SIZE_WORDS.filter((size) => detector.supports(`${size} ${noun}`, context)),
    };
  });

  const questionProbes = [...QUESTION_FORMS.map(({ question }) => question(probeNoun)), ...OPEN_QUESTIONS.map((question) => question(probeNoun))];
  const answering = visualQA.filter((backend) => questionProbes.some((question) => backend.supports(question, context)));
  const propertyProbes = [...COLOR_NAMES, ...SIZE_WORDS].map((word) => `${word} ${probeNoun}`).concat(OPEN_PROPERTIES.map((text) => text(probeNoun)));
  const scoring = scorers.filter((scorer) => propertyProbes.some((text) => scorer.supports([text], context)));

  const members: Record<string, MemberCapability> = {};
  const detection = detectionLevel(detectorCapabilities);
  const questions = questionLevel(ids(answering), probeNoun, answersQuestion);
  const scored = scoringLevel(ids(scoring), probeNoun, scoresTexts, detectorCapabilities);
  for (const [name, backend] of Object.entries(MEMBER_BACKENDS)) {
    switch (backend) {
      case "detector":
        members[name] = { name, backend, ...detection };
        break;
      case "visual-qa":
        members[name] = { name, backend, ...questions };
        break;
      case "scorer":
        members[name] = { name, backend, ...scored(name) };
        break;
      case "depth":
        members[name] = { name, backend, ...single(perception.depth?.id) };
        break;
      case "text-model":
        members[name] = { name, backend, ...single(perception.textModel?.id) };
        break;
    }
  }
  return { scene, detectors: detectorCapabilities, members, knowsLabel, answersQuestion, scoresTexts };
}

type Level = Pick<MemberCapability, "level" | "servedBy" | "limits">;

/** A detector serves a scene when it says so (`scenes`), or, saying nothing, supports a name it knows there. */
function servesScene(detector: Detector, context: PerceptionContext): boolean {
  if (detector.scenes !== undefined) return detector.scenes.includes(context.scene);
  const noun = Array.isArray(detector.vocabulary) ? (detector.vocabulary[0] ?? "object") : "object";
  return detector.supports(noun, context);
}

function detectionLevel(detectors: readonly DetectorCapability[]): Level {
  const servedBy = detectors.map((detector) => detector.id);
  if (detectors.length === 0) return { level: "none", servedBy };
  if (detectors.some((detector) => detector.vocabulary === "open")) return { level: "full", servedBy };
  return { level: "limited", servedBy, limits: "only the names listed below" };
}

function questionLevel(servedBy: readonly string[], noun: string, answers: (question: string) => boolean): Level {
  if (servedBy.length === 0) return { level: "none", servedBy };
  if (OPEN_QUESTIONS.every((question) => answers(question(noun)))) return { level: "full", servedBy };
  const forms = QUESTION_FORMS.filter(({ question }) => answers(question(noun))).map(({ form }) => `"${form}"`);
  return { level: "limited", servedBy, limits: `only questions of these forms: ${forms.join(", ")}` };
}

function scoringLevel(
  servedBy: readonly string[],
  noun: string,
  scores: (texts: readonly string[]) => boolean,
  detectors: readonly DetectorCapability[],
): (member: string) => Level {
  if (servedBy.length === 0) return () => ({ level: "none", servedBy });
  if (OPEN_PROPERTIES.every((text) => scores([text(noun)]))) return () => ({ level: "full", servedBy });
  const colors = COLOR_NAMES.filter((color) => scores([`${color} ${noun}`]));
  const sizes = SIZE_WORDS.filter((size) => scores([`${size} ${noun}`]));
  const names = [...new Set(detectors.flatMap((detector) => (Array.isArray(detector.vocabulary) ? detector.vocabulary : [])))].filter((name) => !(COLOR_NAMES as readonly string[]).includes(name) && scores([`${name} object`]));
  const words = [
    colors.length > 0 ? `colours (${colors.join(", ")})` : "",
    sizes.length > 0 ? `sizes (${sizes.join(", ")})` : "",
    names.length > 0 ? `the names find knows (${names.join(", ")})` : "",
  ]
    .filter((kind) => kind !== "")
    .join("; ");
  return (member) => ({ level: "limited", servedBy, limits: SCORER_LIMITS[member]!(words) });
}

const SCORER_LIMITS: Readonly<Record<string, (words: string) => string>> = {
  verify_property: (words) => `only these properties: ${words}`,
  best_text_match: (words) => `only options made of ${words}`,
  best_image_match: (words) => `only descriptions made of ${words} ("red foo")`,
};

function ids(backends: ReadonlyArray<{ readonly id: string }>): string[] {
  return backends.map((backend) => backend.id);
}

function single(id: string | undefined): Level {
  return id === undefined ? { level: "none", servedBy: [] } : { level: "full", servedBy: [id] };
}
