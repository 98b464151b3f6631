import { parseColorWord, type ColorName } from "../pixels/color-names.ts";
import { COCO_CLASSES, cocoClassByName, type CocoClass } from "./coco-classes.ts";
import { LABEL_HYPERNYMS, LABEL_SYNONYMS, type LabelGroup } from "./label-synonyms.ts";

/** Where a free-text label goes in the COCO vocabulary. */
export interface CocoLabelRoute {
  /** The label as asked. */
  readonly label: string;
  /** The noun phrase that matched, e.g. "car" for "the red cars". */
  readonly noun: string;
  /** The COCO classes the noun names (several for hypernyms such as "animal"). */
  readonly classes: readonly CocoClass[];
  /** A colour the objects must have ("red car"), when the label has one. */
  readonly color?: ColorName;
}

const ARTICLES = new Set(["a", "an", "the", "some", "any", "all", "every", "each", "this", "that", "these", "those"]);
const LEXICON = buildLexicon();

/**
 * Routes a label to COCO classes: class names and plurals ("dogs", "mice"), synonyms ("puppy" → dog,
 * "kids" → person), hypernyms ("animals" → every animal class), ignoring case, articles and punctuation.
 * One leading colour word is kept as a filter ("the red car"). Any other modifier ("sleeping dog") makes the
 * label unroutable: COCO detectors cannot check it, so an open-vocabulary detector must answer instead.
 * Returns undefined when the label is outside the vocabulary.
 */
export function routeCocoLabel(label: string): CocoLabelRoute | undefined {
  const words = label.toLowerCase().replace(/[^a-z\s-]/g, " ").replace(/-/g, " ").split(/\s+/).filter(Boolean);
  while (words.length > 0 && ARTICLES.has(words[0]!)) words.shift();
  if (words.length === 0) return undefined;
  const whole = lookup(words.join(" "));
  if (whole) return { label, noun: words.join(" "), classes: whole };
  const color = parseColorWord(words[0]!);
  if (color === undefined || words.length < 2) return undefined;
  const noun = words.slice(1).join(" ");
  const classes = lookup(noun);
  return classes ? { label, noun, classes, color } : undefined;
}

function lookup(phrase: string): readonly CocoClass[] | undefined {
  return LEXICON.get(phrase) ?? LEXICON.get(singularize(phrase));
}

// Regular English plurals only; irregular ones are listed in the lexicon.
function singularize(phrase: string): string {
  if (phrase.endsWith("ies")) return `${phrase.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses|uses)$/.test(phrase)) return phrase.slice(0, -2);
  if (phrase.endsWith("s") && !phrase.endsWith("ss")) return phrase.slice(0, -1);
  return phrase;
}

function buildLexicon(): Map<string, readonly CocoClass[]> {
  const lexicon = new Map<string, readonly CocoClass[]>();
  for (const cocoClass of COCO_CLASSES) {
    lexicon.set(cocoClass.name, [cocoClass]);
    lexicon.set(cocoClass.plural, [cocoClass]);
  }
  for (const [word, names] of Object.entries(LABEL_SYNONYMS)) {
    lexicon.set(word, names.map((name) => requireClass(name)));
  }
  for (const [word, group] of Object.entries(LABEL_HYPERNYMS)) lexicon.set(word, groupClasses(group));
  return lexicon;
}

function groupClasses(group: LabelGroup): readonly CocoClass[] {
  if (group.all) return COCO_CLASSES;
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
