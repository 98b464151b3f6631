/** Where one object is relative to another (image directions: left, right, above = higher up, below). */
export type Relation = "left" | "right" | "above" | "below";

/** Which end of the image an extreme question asks about. */
export type Extreme = "leftmost" | "rightmost" | "topmost" | "bottommost";

/** The attribute a what-question asks for. */
export type Attribute = "color" | "shape" | "size";

/** A question the rule planner understands, with its entities ([colour] [size] noun phrases) as written. */
export type RuleIntent =
  | { readonly family: "count"; readonly entity: string }
  | { readonly family: "exist"; readonly entity: string }
  | { readonly family: "attribute"; readonly attribute: Attribute; readonly entity: string }
  | { readonly family: "extreme"; readonly attribute: Attribute; readonly extreme: Extreme; readonly entity: string }
  | { readonly family: "spatial"; readonly relation: Relation; readonly subject: string; readonly reference: string }
  | { readonly family: "count-relation"; readonly relation: Relation; readonly subject: string; readonly reference: string }
  | { readonly family: "compare"; readonly comparison: "more" | "fewer" | "same"; readonly first: string; readonly second: string };

const ENTITY = "([a-z][a-z-]*(?: [a-z][a-z-]*){0,3}?)";
const ARTICLE = "(?:the |a |an |any |some )?";
const RELATION = "((?:to the |on the )?left(?: side)? of|(?:to the |on the )?right(?: side)? of|above|over|below|under|beneath|underneath)";
const ATTRIBUTE = "(colou?r|shape|size)";
const EXTREME = "(leftmost|left-most|rightmost|right-most|topmost|top-most|uppermost|highest|bottommost|bottom-most|lowest)";

/** Words that never belong to an entity: they mean the sentence is built differently than the patterns expect. */
const NOT_ENTITY_WORDS = new Set(
  ("is are was were be do does did the a an any some there than and or of to in on at with that which who what " +
    "how many much more fewer less same number left right above below under over beneath leftmost rightmost " +
    "topmost bottommost uppermost highest lowest not no each every all it they this these those as")
    .split(" "),
);

const PATTERNS: ReadonlyArray<{ regex: RegExp; intent: (groups: string[]) => RuleIntent }> = [
  {
    regex: new RegExp(`^how many ${ENTITY} (?:are|is) (?:there )?${RELATION} ${ARTICLE}${ENTITY}$`),
    intent: ([subject, relation, reference]) => ({ family: "count-relation", subject: subject!, relation: toRelation(relation!), reference: reference! }),
  },
  {
    regex: /^how many ([a-z][a-z-]*(?: [a-z][a-z-]*){0,3}?)(?: (?:are there|is there|there are|are|do you see|can you see|are visible|are shown|are present|are in (?:the|this) (?:photo|image|picture|scene)))?$/,
    intent: ([entity]) => ({ family: "count", entity: entity! }),
  },
  {
    regex: new RegExp(`^(?:is there|are there|do you see|can you see|does the (?:image|photo|picture|scene) (?:contain|show|have)) ${ARTICLE}${ENTITY}$`),
    intent: ([entity]) => ({ family: "exist", entity: entity! }),
  },
  {
    regex: new RegExp(`^(?:what|which) ${ATTRIBUTE} is the ${EXTREME} ${ENTITY}$`),
    intent: ([attribute, extreme, entity]) => ({ family: "extreme", attribute: toAttribute(attribute!), extreme: toExtreme(extreme!), entity: entity! }),
  },
  {
    regex: new RegExp(`^what is the ${ATTRIBUTE} of the ${EXTREME} ${ENTITY}$`),
    intent: ([attribute, extreme, entity]) => ({ family: "extreme", attribute: toAttribute(attribute!), extreme: toExtreme(extreme!), entity: entity! }),
  },
  {
    regex: new RegExp(`^(?:what|which) ${ATTRIBUTE} is (?:the|that|this) ${ENTITY}$`),
    intent: ([attribute, entity]) => ({ family: "attribute", attribute: toAttribute(attribute!), entity: entity! }),
  },
  {
    regex: new RegExp(`^what is the ${ATTRIBUTE} of the ${ENTITY}$`),
    intent: ([attribute, entity]) => ({ family: "attribute", attribute: toAttribute(attribute!), entity: entity! }),
  },
  {
    regex: new RegExp(`^is (?:the |a |an |there a |there an )${ENTITY} ${RELATION} ${ARTICLE}${ENTITY}$`),
    intent: ([subject, relation, reference]) => ({ family: "spatial", subject: subject!, relation: toRelation(relation!), reference: reference! }),
  },
  {
    regex: new RegExp(`^are there more ${ENTITY} than ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "more", first: first!, second: second! }),
  },
  {
    regex: new RegExp(`^are there (?:fewer|less) ${ENTITY} than ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "fewer", first: first!, second: second! }),
  },
  {
    regex: new RegExp(`^are there (?:the same number of|an equal number of|equally many) ${ENTITY} and ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "same", first: first!, second: second! }),
  },
  {
    regex: new RegExp(`^are there as many ${ENTITY} as ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "same", first: first!, second: second! }),
  },
  {
    regex: new RegExp(`^is the number of ${ENTITY} (?:the same as|equal to) the number of ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "same", first: first!, second: second! }),
  },
];

/**
 * Reads a question as one of the rule planner's families, or returns undefined. Case, extra spaces, the
 * final punctuation, "in the image"-style endings and trailing answer instructions ("Answer please with a
 * number between 1 and 10.") do not matter.
 */
export function parseRuleQuestion(question: string): RuleIntent | undefined {
  const text = normalizeQuestion(question);
  for (const { regex, intent } of PATTERNS) {
    const match = regex.exec(text);
    if (!match) continue;
    const groups = match.slice(1).map((group) => group ?? "");
    const parsed = intent(groups);
    if (entitiesOf(parsed).every(isEntity)) return parsed;
  }
  return undefined;
}

function normalizeQuestion(question: string): string {
  const firstSentence = question
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    // Instructions after the question ("Answer please with a number between 1 and 10.") change nothing.
    .replace(/\?\s*(?:please\s+)?answer\b.*$/, "")
    .replace(/[?.!\s]+$/, "");
  return firstSentence.replace(/ (?:in|on) (?:the|this) (?:image|photo|picture|scene)$/, "").trim();
}

function entitiesOf(intent: RuleIntent): string[] {
  switch (intent.family) {
    case "spatial":
    case "count-relation":
      return [intent.subject, intent.reference];
    case "compare":
      return [intent.first, intent.second];
    default:
      return [intent.entity];
  }
}

function isEntity(text: string): boolean {
  return text !== "" && text.split(" ").every((word) => !NOT_ENTITY_WORDS.has(word));
}

function toRelation(text: string): Relation {
  if (text.includes("left")) return "left";
  if (text.includes("right")) return "right";
  return text === "above" || text === "over" ? "above" : "below";
}

function toExtreme(text: string): Extreme {
  const word = text.replace("-", "");
  if (word === "leftmost" || word === "rightmost") return word;
  return word === "topmost" || word === "uppermost" || word === "highest" ? "topmost" : "bottommost";
}

function toAttribute(text: string): Attribute {
  return text.startsWith("colo") ? "color" : (text as Attribute);
}
