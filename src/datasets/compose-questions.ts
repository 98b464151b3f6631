import { REASONING_GENERATORS } from "./compose-reasoning-questions.ts";
import { POSITION_EXTREMES, type Relation, RELATION_PHRASES, RELATIONS, relationOffset, SPATIAL_MARGIN_PX } from "./compose-relations.ts";
import type { ComposeScene, SceneObject } from "./compose-scene.ts";
import { countedPair, type Entity, entityFromObject, entityObjects, entityPhrase, randomEntity, uniqueEntities, withIndefiniteArticle } from "./entity.ts";
import { createRandom, type Random } from "./random.ts";

export { relationOffset, SPATIAL_MARGIN_PX } from "./compose-relations.ts";

const COUNT_RELATION_PHRASES: Readonly<Record<Relation, string>> = { left: "left of", right: "right of", above: "above", below: "below" };

/**
 * The question families of compositional scenes: the first seven, then superlatives of size, yes/no
 * checks on an extreme object, attributes of an object placed relative to another, universals and
 * comparisons of counts phrased with "the number of".
 */
export const COMPOSE_FAMILIES = [
  "count",
  "exist",
  "attribute",
  "spatial",
  "count-relation",
  "compare",
  "extreme",
  "superlative",
  "extreme-is",
  "relative-attribute",
  "universal",
  "count-compare",
] as const;

/** One of {@link COMPOSE_FAMILIES}. */
export type ComposeFamily = (typeof COMPOSE_FAMILIES)[number];

/** A template question with its ground-truth answer. */
export interface SceneQuestion {
  readonly family: ComposeFamily;
  readonly question: string;
  /** A count, "yes"/"no", or a colour, shape or size word. */
  readonly answer: number | string;
  readonly sceneId: string;
  readonly seed: number;
}

/** Options for {@link generateComposeQuestions}. */
export interface ComposeQuestionsOptions {
  readonly scene: ComposeScene;
  /** How many questions to make; families take turns, starting at a seed-dependent one. */
  readonly count: number;
  /** Seed of the question choices. @defaultValue the scene's seed */
  readonly seed?: number;
  /** Only these families. @defaultValue all of {@link COMPOSE_FAMILIES} */
  readonly families?: readonly ComposeFamily[];
}

const ATTEMPTS_PER_QUESTION = 40;

/**
 * Generates template questions about a scene whose answers follow from its scene graph. Families take
 * turns; a family the scene cannot support (e.g. no two uniquely nameable objects for a spatial
 * question) is skipped for that turn, so fewer than `count` questions may come back for tiny scenes.
 */
export function generateComposeQuestions(options: ComposeQuestionsOptions): SceneQuestion[] {
  const { scene, count, families = COMPOSE_FAMILIES } = options;
  const random = createRandom(options.seed ?? scene.seed ^ 0x5f3759df);
  const questions: SceneQuestion[] = [];
  const seen = new Set<string>();
  const start = random.int(0, families.length - 1);
  for (let turn = 0; questions.length < count && turn < count * families.length; turn++) {
    const family = families[(start + turn) % families.length]!;
    for (let attempt = 0; attempt < ATTEMPTS_PER_QUESTION; attempt++) {
      const made = GENERATORS[family](scene.objects, random);
      if (made === undefined || seen.has(made.question)) continue;
      seen.add(made.question);
      questions.push({ family, ...made, sceneId: scene.sceneId, seed: scene.seed });
      break;
    }
  }
  return questions;
}

type Made = { question: string; answer: number | string } | undefined;
type Generator = (objects: readonly SceneObject[], random: Random) => Made;

const GENERATORS: Readonly<Record<ComposeFamily, Generator>> = {
  ...REASONING_GENERATORS,
  count(objects, random) {
    const entity = random.chance(0.75) ? entityFromObject(random.pick(objects), random) : randomEntity(random);
    return { question: `How many ${entityPhrase(entity, true)} are there?`, answer: entityObjects(entity, objects).length };
  },
  exist(objects, random) {
    const wantYes = random.chance(0.5);
    const entity = wantYes ? entityFromObject(random.pick(objects), random) : randomEntity(random);
    const exists = entityObjects(entity, objects).length > 0;
    if (exists !== wantYes) return undefined;
    return { question: `Is there ${withIndefiniteArticle(entityPhrase(entity, false))}?`, answer: exists ? "yes" : "no" };
  },
  attribute(objects, random) {
    const object = random.pick(objects);
    const attribute = random.pick(["color", "shape", "size"] as const);
    const names = uniqueEntities(object, objects, random, [attribute]);
    if (names.length === 0) return undefined;
    const phrase = entityPhrase(random.pick(names), false);
    return { question: `What ${attribute} is the ${phrase}?`, answer: object[attribute] };
  },
  spatial(objects, random) {
    const pair = uniquePair(objects, random);
    if (pair === undefined) return undefined;
    const relation = random.pick(RELATIONS);
    const offset = relationOffset(pair.subject.object, pair.reference.object, relation);
    if (Math.abs(offset) < SPATIAL_MARGIN_PX) return undefined;
    const question = `Is the ${entityPhrase(pair.subject.entity, false)} ${RELATION_PHRASES[relation]} the ${entityPhrase(pair.reference.entity, false)}?`;
    return { question, answer: offset > 0 ? "yes" : "no" };
  },
  "count-relation"(objects, random) {
    const reference = random.pick(objects);
    const names = uniqueEntities(reference, objects, random);
    if (names.length === 0) return undefined;
    const relation = random.pick(RELATIONS);
    const others = objects.filter((object) => object !== reference);
    if (others.length === 0) return undefined;
    const entity = entityFromObject(random.pick(others), random);
    const counted = entityObjects(entity, others);
    if (counted.some((object) => Math.abs(relationOffset(object, reference, relation)) < SPATIAL_MARGIN_PX)) return undefined;
    const question = `How many ${entityPhrase(entity, true)} are ${COUNT_RELATION_PHRASES[relation]} the ${entityPhrase(random.pick(names), false)}?`;
    return { question, answer: counted.filter((object) => relationOffset(object, reference, relation) > 0).length };
  },
  compare(objects, random) {
    const pair = countedPair(objects, random);
    if (pair === undefined) return undefined;
    const { first, second, difference } = pair;
    if (random.chance(0.5)) return { question: `Are there more ${first} than ${second}?`, answer: difference > 0 ? "yes" : "no" };
    return { question: `Are there fewer ${first} than ${second}?`, answer: difference < 0 ? "yes" : "no" };
  },
  extreme(objects, random) {
    const attribute = random.pick(["color", "shape", "size"] as const);
    const entity = entityFromObject(random.pick(objects), random, [attribute]);
    const candidates = entityObjects(entity, objects);
    if (candidates.length < 2) return undefined;
    const direction = random.pick(POSITION_EXTREMES);
    const sorted = [...candidates].sort((a, b) => direction.key(a) - direction.key(b));
    if (direction.key(sorted[1]!) - direction.key(sorted[0]!) < SPATIAL_MARGIN_PX) return undefined;
    return { question: `What ${attribute} is the ${direction.word} ${entityPhrase(entity, false)}?`, answer: sorted[0]![attribute] };
  },
};

function uniquePair(objects: readonly SceneObject[], random: Random): { subject: { object: SceneObject; entity: Entity }; reference: { object: SceneObject; entity: Entity } } | undefined {
  if (objects.length < 2) return undefined;
  const [subject, reference] = random.shuffle(objects) as [SceneObject, SceneObject];
  const subjectNames = uniqueEntities(subject, objects, random);
  const referenceNames = uniqueEntities(reference, objects, random);
  if (subjectNames.length === 0 || referenceNames.length === 0) return undefined;
  return { subject: { object: subject, entity: random.pick(subjectNames) }, reference: { object: reference, entity: random.pick(referenceNames) } };
}
