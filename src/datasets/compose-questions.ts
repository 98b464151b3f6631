import { COLOR_NAMES } from "../mllm/pixels/color-names.ts";
import { type ComposeScene, SCENE_SIZES, type SceneObject } from "./compose-scene.ts";
import { type Entity, type EntityAttribute, entityFromObject, entityObjects, entityPhrase, uniqueEntities, withIndefiniteArticle } from "./entity.ts";
import { createRandom, type Random } from "./random.ts";
import { SCENE_SHAPES } from "./shape-geometry.ts";

/** The question families of compositional scenes. */
export const COMPOSE_FAMILIES = ["count", "exist", "attribute", "spatial", "count-relation", "compare", "extreme"] as const;

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

/**
 * Centres closer than this (pixels) on the relevant axis make "left of"/"above" and "leftmost" unclear,
 * so such questions are not asked.
 */
export const SPATIAL_MARGIN_PX = 10;

type Relation = "left" | "right" | "above" | "below";
const RELATIONS: readonly Relation[] = ["left", "right", "above", "below"];
const RELATION_PHRASES: Readonly<Record<Relation, string>> = { left: "to the left of", right: "to the right of", above: "above", below: "below" };
const COUNT_RELATION_PHRASES: Readonly<Record<Relation, string>> = { left: "left of", right: "right of", above: "above", below: "below" };

/**
 * Signed separation of `subject` from `reference` along a relation, in pixels: positive when the relation
 * holds. Pixel y grows DOWN, so "above" means a smaller y (ViperGPT's vertical_center would be larger).
 */
export function relationOffset(subject: SceneObject, reference: SceneObject, relation: Relation): number {
  switch (relation) {
    case "left":
      return reference.center.x - subject.center.x;
    case "right":
      return subject.center.x - reference.center.x;
    case "above":
      return reference.center.y - subject.center.y;
    case "below":
      return subject.center.y - reference.center.y;
  }
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
    const first = entityFromObject(random.pick(objects), random);
    const second = random.chance(0.8) ? entityFromObject(random.pick(objects), random) : randomEntity(random);
    const firstPhrase = entityPhrase(first, true);
    const secondPhrase = entityPhrase(second, true);
    if (firstPhrase === secondPhrase) return undefined;
    const difference = entityObjects(first, objects).length - entityObjects(second, objects).length;
    if (random.chance(0.5)) return { question: `Are there more ${firstPhrase} than ${secondPhrase}?`, answer: difference > 0 ? "yes" : "no" };
    return { question: `Are there fewer ${firstPhrase} than ${secondPhrase}?`, answer: difference < 0 ? "yes" : "no" };
  },
  extreme(objects, random) {
    const attribute = random.pick(["color", "shape", "size"] as const);
    const entity = entityFromObject(random.pick(objects), random, [attribute]);
    const candidates = entityObjects(entity, objects);
    if (candidates.length < 2) return undefined;
    const direction = random.pick(EXTREMES);
    const sorted = [...candidates].sort((a, b) => direction.key(a) - direction.key(b));
    if (direction.key(sorted[1]!) - direction.key(sorted[0]!) < SPATIAL_MARGIN_PX) return undefined;
    return { question: `What ${attribute} is the ${direction.word} ${entityPhrase(entity, false)}?`, answer: sorted[0]![attribute] };
  },
};

/** Superlatives; `key` is smallest for the extreme object. */
const EXTREMES: ReadonlyArray<{ word: string; key: (object: SceneObject) => number }> = [
  { word: "leftmost", key: (object) => object.center.x },
  { word: "rightmost", key: (object) => -object.center.x },
  { word: "topmost", key: (object) => object.center.y },
  { word: "bottommost", key: (object) => -object.center.y },
];

function randomEntity(random: Random): Entity {
  const attributes: EntityAttribute[] = ["size", "color", "shape"].filter(() => random.chance(0.6)) as EntityAttribute[];
  return {
    ...(attributes.includes("color") ? { color: random.pick(COLOR_NAMES) } : {}),
    ...(attributes.includes("size") ? { size: random.pick(SCENE_SIZES) } : {}),
    ...(attributes.includes("shape") ? { shape: random.pick(SCENE_SHAPES) } : { genericNoun: random.pick(["object", "thing", "shape"] as const) }),
  };
}

function uniquePair(objects: readonly SceneObject[], random: Random): { subject: { object: SceneObject; entity: Entity }; reference: { object: SceneObject; entity: Entity } } | undefined {
  if (objects.length < 2) return undefined;
  const [subject, reference] = random.shuffle(objects) as [SceneObject, SceneObject];
  const subjectNames = uniqueEntities(subject, objects, random);
  const referenceNames = uniqueEntities(reference, objects, random);
  if (subjectNames.length === 0 || referenceNames.length === 0) return undefined;
  return { subject: { object: subject, entity: random.pick(subjectNames) }, reference: { object: reference, entity: random.pick(referenceNames) } };
}
