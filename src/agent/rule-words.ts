import { routeCocoLabel } from "../mllm/labels/index.ts";
import { parseColorWord } from "../mllm/pixels/color-names.ts";

/** Size words an entity or a property may carry ("large", "small"). */
export const SIZE_WORDS: ReadonlySet<string> = new Set(["small", "large", "big", "little", "tiny", "huge"]);

/**
 * Words that never belong to an entity: grammar words (they mean the sentence is built differently than
 * the patterns expect) and words that change what is asked — order, comparison, quantity, negation,
 * relations — which a name passed to find cannot carry. Seeing one, the rule planner refuses.
 */
const NOT_ENTITY_WORDS = new Set(
  (
    "is are was were be been do does did has have had the a an any some there than and or nor but of to in on at " +
    "with without that which who whom whose what when where why how many much more most fewer less least same " +
    "number numbers left right above below under over beneath underneath behind front inside outside between " +
    "beside besides near next around across along against touching toward towards from by into onto " +
    "leftmost rightmost topmost bottommost uppermost highest lowest largest biggest smallest tiniest closest " +
    "nearest farthest furthest tallest shortest widest longest brightest darkest " +
    "larger bigger smaller taller shorter wider longer closer nearer farther further higher lower " +
    "first second third fourth fifth sixth seventh eighth ninth tenth last next other others another only " +
    "both either neither none not no each every all it its they them their this these those as if so " +
    "one ones two three four five six seven eight nine ten eleven twelve zero exactly least " +
    "color colors colour colours size sizes kind kinds type types sort sorts different similar same total " +
    "combined altogether together remaining visible shown"
  ).split(" "),
);

/** Nouns that end like superlatives ("-est") but are not. */
const EST_NOUNS = new Set(["forest", "forests", "chest", "chests", "vest", "vests", "nest", "nests", "crest", "guest", "guests", "quest", "priest", "priests", "west", "test", "tests", "contest"]);

/** Whether `text` is an entity: one to four words of [size] [colour] noun, none that changes the meaning. */
export function isEntity(text: string): boolean {
  return text !== "" && text.split(" ").every((word) => !NOT_ENTITY_WORDS.has(word) && !isSuperlative(word));
}

function isSuperlative(word: string): boolean {
  return word.length > 4 && word.endsWith("est") && !EST_NOUNS.has(word);
}

/** A property adjective the planner can turn into a name for find: a colour or a size word. */
export function isPropertyAdjective(word: string): boolean {
  return parseColorWord(word) !== undefined || SIZE_WORDS.has(word);
}

/**
 * The COCO class names a group word names ("animal" → bird, cat, dog, ...), when it names a group: two or
 * more classes, but not every class ("object", "thing" would mean asking for all 80).
 */
export function hypernymClasses(word: string): string[] | undefined {
  const route = routeCocoLabel(word);
  if (route === undefined || route.color !== undefined || route.classes.length < 2 || route.classes.length >= 80) return undefined;
  return route.classes.map((cocoClass) => cocoClass.name);
}
