import { parseColorWord, type ColorName } from "../pixels/color-names.ts";
import { COCO_CLASSES, cocoClassByName, type CocoClass } from "./coco-classes.ts";
import { LABEL_HYPERNYMS, LABEL_SYNONYMS, type LabelGroup } from "./label-synonyms.ts";

/** Where a free-text label goes in one detector's vocabulary. */
export interface LabelRoute {
  /** The label as asked. */
  readonly label: string;
  /** The noun phrase that matched, e.g. "car" for "the red cars". */
  readonly noun: string;
  /** Positions in the vocabulary the noun names (several for hypernyms such as "animal"). */
  readonly classIndices: readonly number[];
  /** A colour the objects must have ("red car"), when the label has one. */
  readonly color?: ColorName;
}

/** Routes labels to the classes of one closed vocabulary (a detector's class names in output order). */
export interface LabelRouter {
  readonly vocabulary: readonly string[];
  /** The classes `label` names, or undefined when it is outside the vocabulary. */
  route(label: string): LabelRoute | undefined;
}

/** Where a free-text label goes in the COCO vocabulary. */
export interface CocoLabelRoute {
  readonly label: string;
  readonly noun: string;
  /** The COCO classes the noun names. */
  readonly classes: readonly CocoClass[];
  readonly color?: ColorName;
}

const ARTICLES = new Set(["a", "an", "the", "some", "any", "all", "every", "each", "this", "that", "these", "those"]);

/**
 * A router over `vocabulary`: class names and plurals ("dogs", "mice", "hardhats"), spellings without
 * spaces or hyphens ("hard hat" → "hardhat"), and — for classes that are COCO categories — COCO's synonyms
 * ("puppy" → dog, "kids" → person) and hypernyms ("animals" → every animal class the vocabulary has), ignoring
 * case, articles and punctuation; "object"/"thing" name every class. One leading colour word is kept as a
 * filter ("the red car"). Any other modifier ("sleeping dog") makes the label unroutable: a closed-vocabulary
 * detector cannot check it, so an open-vocabulary detector must answer instead.
 */
export function createLabelRouter(vocabulary: readonly string[]): LabelRouter {
  const lexicon = buildLexicon(vocabulary);
  const lookup = (phrase: string) => {
    const singular = singularize(phrase);
    return lexicon.get(phrase) ?? lexicon.get(singular) ?? lexicon.get(compact(phrase)) ?? lexicon.get(compact(singular));
  };
  return {
    vocabulary,
    route(label) {
      const words = wordsOf(label);
      while (words.length > 0 && ARTICLES.has(words[0]!)) words.shift();
      if (words.length === 0) return undefined;
      const whole = lookup(words.join(" "));
      if (whole) return { label, noun: words.join(" "), classIndices: whole };
      const color = parseColorWord(words[0]!);
      if (color === undefined || words.length < 2) return undefined;
      const noun = words.slice(1).join(" ");
      const classIndices = lookup(noun);
      return classIndices ? { label, noun, classIndices, color } : undefined;
    },
  };
}

const COCO_ROUTER = createLabelRouter(COCO_CLASSES.map((cocoClass) => cocoClass.name));

/** Routes a label to COCO classes (the router of {@link createLabelRouter} over the 80 COCO names). */
export function routeCocoLabel(label: string): CocoLabelRoute | undefined {
  const route = COCO_ROUTER.route(label);
  if (!route) return undefined;
  const { classIndices, ...rest } = route;
  return { ...rest, classes: classIndices.map((index) => COCO_CLASSES[index]!) };
}

/** Lower-case words of a label or class name: hyphens and underscores split words, other punctuation goes. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().replace(/[-_]/g, " ").replace(/[^\p{L}\p{N}\s]/gu, " ").split(/\s+/).filter(Boolean);
}

function compact(phrase: string): string {
  return phrase.replace(/ /g, "");
}

// Regular English plurals only; irregular ones are listed in the lexicon.
function singularize(phrase: string): string {
  if (phrase.endsWith("ies")) return `${phrase.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses|uses)$/.test(phrase)) return phrase.slice(0, -2);
  if (phrase.endsWith("s") && !phrase.endsWith("ss")) return phrase.slice(0, -1);
  return phrase;
}

// Hypernyms, then synonyms, then the class names themselves: a class the model really has wins over a
// synonym of the same spelling (a model with a "glass" class means that class, not COCO's wine glass or cup).
function buildLexicon(vocabulary: readonly string[]): Map<string, readonly number[]> {
  const lexicon = new Map<string, readonly number[]>();
  const indexOfName = new Map<string, number[]>();
  for (const [index, name] of vocabulary.entries()) {
    const key = wordsOf(name).join(" ");
    indexOfName.set(key, [...(indexOfName.get(key) ?? []), index]);
  }
  const indicesOf = (cocoClasses: readonly CocoClass[]) => cocoClasses.flatMap((cocoClass) => indexOfName.get(cocoClass.name) ?? []);
  const add = (word: string, indices: readonly number[]) => {
    if (indices.length > 0) lexicon.set(word, indices);
  };
  for (const [word, group] of Object.entries(LABEL_HYPERNYMS)) add(word, group.all ? vocabulary.map((_, index) => index) : indicesOf(groupClasses(group)));
  for (const [word, names] of Object.entries(LABEL_SYNONYMS)) add(word, indicesOf(names.map((name) => requireClass(name))));
  for (const cocoClass of COCO_CLASSES) add(cocoClass.plural, indicesOf([cocoClass]));
  for (const [key, indices] of indexOfName) {
    add(key, indices);
    if (key.includes(" ")) add(compact(key), indices);
  }
  return lexicon;
}

function groupClasses(group: LabelGroup): readonly CocoClass[] {
  const names = new Set(group.names ?? []);
  const supercategories = new Set(group.supercategories ?? []);
  return COCO_CLASSES.filter((cocoClass) => names.has(cocoClass.name) || supercategories.has(cocoClass.supercategory));
}

function requireClass(name: string): CocoClass {
  const cocoClass = cocoClassByName(name);
  // A typo in the synonym table is a programming error; fail at import so a test catches it.
  if (!cocoClass) throw new Error(`label-synonyms names an unknown COCO class: ${name}`);
  return cocoClass;
}
