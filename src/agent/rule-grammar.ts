import { hypernymClasses, isEntity, isPropertyAdjective } from "./rule-words.ts";

/** Where one object is relative to another (image directions: left, right, above = higher up, below). */
export type Relation = "left" | "right" | "above" | "below";

/** Which object an extreme question asks about: one end of the image, or the largest or smallest. */
export type Extreme = "leftmost" | "rightmost" | "topmost" | "bottommost" | "largest" | "smallest";

/** The attribute a what-question asks for. */
export type Attribute = "color" | "shape" | "size";

/** A question the rule planner understands, with its entities ([size] [colour] noun phrases) as written. */
export type RuleIntent =
  | { readonly family: "count"; readonly entity: string }
  | { readonly family: "exist"; readonly entity: string }
  | { readonly family: "attribute"; readonly attribute: Attribute; readonly entity: string }
  | { readonly family: "extreme"; readonly attribute: Attribute; readonly extreme: Extreme; readonly entity: string }
  /** "Is the topmost shape a circle?", "Is the largest object red?": `property` is a name or an adjective for find. */
  | { readonly family: "extreme-is"; readonly extreme: Extreme; readonly entity: string; readonly property: Property }
  | { readonly family: "spatial"; readonly relation: Relation; readonly subject: string; readonly reference: string }
  | { readonly family: "count-relation"; readonly relation: Relation; readonly subject: string; readonly reference: string }
  | { readonly family: "compare"; readonly comparison: "more" | "fewer" | "same"; readonly first: string; readonly second: string }
  /** "What color is the shape right of the green square?", "... closest to the red square?" */
  | { readonly family: "relative-attribute"; readonly attribute: Attribute; readonly subject: string; readonly relation: Relation | "closest"; readonly reference: string }
  /** "Are all the circles the same color?" */
  | { readonly family: "same-attribute"; readonly attribute: Attribute; readonly entity: string }
  /** "Are all the circles red?" */
  | { readonly family: "all-have"; readonly entity: string; readonly adjective: string }
  /** "What animal is on the bed?": `classes` are the detector classes the group word names. */
  | { readonly family: "hypernym"; readonly group: string; readonly classes: readonly string[]; readonly relation: Relation | "on"; readonly reference: string };

/** What an extreme-is question checks: a colour or size word, or a name ("a circle"). */
export type Property = { readonly kind: "adjective"; readonly word: string } | { readonly kind: "name"; readonly name: string };

const ENTITY = "([a-z][a-z-]*(?: [a-z][a-z-]*){0,3}?)";
const WORD = "([a-z][a-z-]*)";
const ARTICLE = "(?:the |a |an |any |some )?";
const RELATION = "((?:to the |on the )?left(?: side)? of|(?:to the |on the )?right(?: side)? of|above|over|below|under|beneath|underneath)";
const ATTRIBUTE = "(colou?r|shape|size)";
const EXTREME = "(leftmost|left-most|rightmost|right-most|topmost|top-most|uppermost|highest|bottommost|bottom-most|lowest|largest|biggest|smallest|tiniest)";
const MORE = "(?:greater|larger|bigger|higher|more)";
const FEWER = "(?:smaller|less|lower|fewer)";

type Pattern = { readonly regex: RegExp; readonly intent: (groups: string[]) => RuleIntent | undefined };

const PATTERNS: readonly Pattern[] = [
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
    regex: new RegExp(`^(?:what|which) ${ATTRIBUTE} is the ${ENTITY} (?:${RELATION}|(closest to|nearest to)) ${ARTICLE}${ENTITY}$`),
    intent: ([attribute, subject, relation, closest, reference]) => relativeAttribute(attribute!, subject!, relation!, closest!, reference!),
  },
  {
    regex: new RegExp(`^what is the ${ATTRIBUTE} of the ${ENTITY} (?:${RELATION}|(closest to|nearest to)) ${ARTICLE}${ENTITY}$`),
    intent: ([attribute, subject, relation, closest, reference]) => relativeAttribute(attribute!, subject!, relation!, closest!, reference!),
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
    regex: new RegExp(`^is the ${EXTREME} ${ENTITY} (?:a|an) ${ENTITY}$`),
    intent: ([extreme, entity, name]) => ({ family: "extreme-is", extreme: toExtreme(extreme!), entity: entity!, property: { kind: "name", name: name! } }),
  },
  {
    regex: new RegExp(`^is the ${EXTREME} ${ENTITY} ${WORD}$`),
    intent: ([extreme, entity, word]) =>
      isPropertyAdjective(word!) ? { family: "extreme-is", extreme: toExtreme(extreme!), entity: entity!, property: { kind: "adjective", word: word! } } : undefined,
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
    regex: new RegExp(`^(?:are all|do all) (?:of )?(?:the )?${ENTITY} (?:have )?(?:the same|of the same|one) ${ATTRIBUTE}$`),
    intent: ([entity, attribute]) => ({ family: "same-attribute", attribute: toAttribute(attribute!), entity: entity! }),
  },
  {
    regex: new RegExp(`^(?:are all (?:of )?(?:the )?|is every |is each )${ENTITY} ${WORD}$`),
    intent: ([entity, word]) => (isPropertyAdjective(word!) ? { family: "all-have", entity: entity!, adjective: word! } : undefined),
  },
  {
    regex: new RegExp(`^(?:what|which) ${ENTITY} is (on|in|inside|${RELATION.slice(1, -1)}) ${ARTICLE}${ENTITY}$`),
    intent: ([group, relation, reference]) => hypernym(group!, relation!, reference!),
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
  {
    regex: new RegExp(`^is the number of ${ENTITY} ${MORE} than the number of ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "more", first: first!, second: second! }),
  },
  {
    regex: new RegExp(`^is the number of ${ENTITY} ${FEWER} than the number of ${ENTITY}$`),
    intent: ([first, second]) => ({ family: "compare", comparison: "fewer", first: first!, second: second! }),
  },
];

/**
 * Reads a question as one of the rule planner's families, or returns undefined. Case, extra spaces, the
 * final punctuation, "in the image"-style endings and trailing answer instructions ("Answer please with a
 * number between 1 and 10.") do not matter. Every entity must be a plain [size] [colour] noun phrase: a
 * word that would change its meaning (an ordinal, a comparison, a negation, a number) makes the question
 * unsupported rather than misread.
 */
export function parseRuleQuestion(question: string): RuleIntent | undefined {
  const text = normalizeQuestion(question);
  for (const { regex, intent } of PATTERNS) {
    const match = regex.exec(text);
    if (!match) continue;
    const parsed = intent(match.slice(1).map((group) => group ?? ""));
    if (parsed !== undefined && entitiesOf(parsed).every(isEntity)) return parsed;
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
    case "relative-attribute":
      return [intent.subject, intent.reference];
    case "compare":
      return [intent.first, intent.second];
    case "extreme-is":
      return intent.property.kind === "name" ? [intent.entity, intent.property.name] : [intent.entity];
    case "hypernym":
      return [intent.reference];
    default:
      return [intent.entity];
  }
}

function relativeAttribute(attribute: string, subject: string, relation: string, closest: string, reference: string): RuleIntent {
  return { family: "relative-attribute", attribute: toAttribute(attribute), subject, relation: closest === "" ? toRelation(relation) : "closest", reference };
}

function hypernym(group: string, relation: string, reference: string): RuleIntent | undefined {
  const classes = hypernymClasses(group);
  if (classes === undefined) return undefined;
  return { family: "hypernym", group, classes, relation: relation === "on" || relation === "in" || relation === "inside" ? "on" : toRelation(relation), reference };
}

function toRelation(text: string): Relation {
  if (text.includes("left")) return "left";
  if (text.includes("right")) return "right";
  return text === "above" || text === "over" ? "above" : "below";
}

function toExtreme(text: string): Extreme {
  const word = text.replace("-", "");
  if (word === "leftmost" || word === "rightmost" || word === "largest" || word === "smallest") return word;
  if (word === "biggest") return "largest";
  if (word === "tiniest") return "smallest";
  return word === "topmost" || word === "uppermost" || word === "highest" ? "topmost" : "bottommost";
}

function toAttribute(text: string): Attribute {
  return text.startsWith("colo") ? "color" : (text as Attribute);
}
