import { type ObjectQuery, parseObjectQuery } from "./object-query.ts";

/** A question pixel analysis can answer, reduced to what it asks. */
export type QuestionIntent =
  | { readonly kind: "attribute"; readonly attribute: "color" | "shape" | "size"; readonly subject?: ObjectQuery }
  | { readonly kind: "identify" }
  | { readonly kind: "count"; readonly subject: ObjectQuery }
  | { readonly kind: "exists"; readonly subject: ObjectQuery }
  | { readonly kind: "is-this"; readonly subject: ObjectQuery };

/** Trailing place phrases that add nothing: "in this photo", "in the image", ... */
const PLACE = String.raw`(?:\s+(?:in|on)\s+(?:this|the)\s+(?:photo|image|picture|scene|patch|crop))?`;
const SELF = String.raw`(?:this|that|it|this object|that object|this thing|this shape)`;

const PATTERNS: ReadonlyArray<{ pattern: RegExp; intent: (match: RegExpMatchArray) => QuestionIntent | undefined }> = [
  {
    pattern: new RegExp(String.raw`^how many (.+?)(?:\s+(?:are there|are|can you see|do you see|are visible|are shown|can be seen|there are))?${PLACE}$`),
    intent: (match) => withSubject(match[1], (subject) => ({ kind: "count", subject })),
  },
  {
    pattern: new RegExp(String.raw`^what (colou?r|shape|size) (?:is|are) (?:${SELF}|the (.+?))${PLACE}$`),
    intent: (match) => attribute(match[1]!, match[2]),
  },
  {
    pattern: new RegExp(String.raw`^what is the (colou?r|shape|size) of (?:${SELF}|the (.+?))${PLACE}$`),
    intent: (match) => attribute(match[1]!, match[2]),
  },
  { pattern: new RegExp(String.raw`^what (?:is|kind of (?:object|shape|thing) is) ${SELF}$`), intent: () => ({ kind: "identify" }) },
  {
    pattern: new RegExp(String.raw`^(?:is|are) there (?:a |an |any )?(.+?)${PLACE}$`),
    intent: (match) => withSubject(match[1], (subject) => ({ kind: "exists", subject })),
  },
  {
    pattern: new RegExp(String.raw`^(?:is|does) ${SELF} (?:a |an )?(.+?)$`),
    intent: (match) => withSubject(match[1], (subject) => ({ kind: "is-this", subject })),
  },
];

/**
 * Reads a simple perception question ("What color is the circle?", "How many red squares are there?",
 * "Is this a star?", "Is there a large blue shape?"). Only the first sentence counts, so the counting
 * study's "How many objects are in this photo? Answer please with a number between 1 and 10." works.
 * Returns undefined for anything else.
 */
export function parseQuestion(question: string): QuestionIntent | undefined {
  const firstSentence = question.trim().toLowerCase().split(/[?.!]/)[0]?.replace(/\s+/g, " ").trim() ?? "";
  for (const { pattern, intent } of PATTERNS) {
    const match = firstSentence.match(pattern);
    if (match === null) continue;
    const result = intent(match);
    if (result !== undefined) return result;
  }
  return undefined;
}

function withSubject(phrase: string | undefined, build: (subject: ObjectQuery) => QuestionIntent): QuestionIntent | undefined {
  const subject = phrase === undefined ? undefined : parseObjectQuery(phrase);
  return subject === undefined ? undefined : build(subject);
}

function attribute(word: string, phrase: string | undefined): QuestionIntent | undefined {
  const name = word.startsWith("col") ? "color" : (word as "shape" | "size");
  if (phrase === undefined) return { kind: "attribute", attribute: name };
  const subject = parseObjectQuery(phrase);
  return subject === undefined ? undefined : { kind: "attribute", attribute: name, subject };
}
