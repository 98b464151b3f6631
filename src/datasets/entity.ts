import { COLOR_NAMES, type ColorName } from "../mllm/pixels/color-names.ts";
import { SCENE_SIZES, type SceneObject, type SceneSize } from "./compose-scene.ts";
import type { Random } from "./random.ts";
import { SCENE_SHAPES, type SceneShape } from "./shape-geometry.ts";

/** A reference to scene objects by attributes, e.g. "large red circle"; absent attributes match anything. */
export interface Entity {
  readonly color?: ColorName;
  readonly size?: SceneSize;
  readonly shape?: SceneShape;
  /** The noun used when no shape is given. */
  readonly genericNoun?: "object" | "thing" | "shape";
}

/** The attributes an entity can constrain. */
export type EntityAttribute = "color" | "size" | "shape";

const ATTRIBUTES: readonly EntityAttribute[] = ["size", "color", "shape"];

/** True when the object has every attribute the entity names. */
function entityMatches(entity: Entity, object: SceneObject): boolean {
  return (
    (entity.color === undefined || entity.color === object.color) &&
    (entity.size === undefined || entity.size === object.size) &&
    (entity.shape === undefined || entity.shape === object.shape)
  );
}

/** The objects of a scene that an entity refers to. */
export function entityObjects(entity: Entity, objects: readonly SceneObject[]): SceneObject[] {
  return objects.filter((object) => entityMatches(entity, object));
}

/** "large red circle" / "large red circles"; "small thing" / "small things" without a shape. */
export function entityPhrase(entity: Entity, plural: boolean): string {
  const noun = entity.shape ?? entity.genericNoun ?? "object";
  return [entity.size, entity.color, plural ? `${noun}s` : noun].filter((word) => word !== undefined).join(" ");
}

/** An entity made of a random subset of an object's attributes (so it refers to at least that object). */
export function entityFromObject(object: SceneObject, random: Random, leaveOut: readonly EntityAttribute[] = []): Entity {
  const kept = ATTRIBUTES.filter((attribute) => !leaveOut.includes(attribute) && random.chance(0.5));
  return withAttributes(object, kept, random);
}

/**
 * The ways to name `object` so that it is the only object of the scene that matches, never using the
 * attributes in `leaveOut` (the one a question asks about). Empty when no description is unique.
 */
export function uniqueEntities(object: SceneObject, objects: readonly SceneObject[], random: Random, leaveOut: readonly EntityAttribute[] = []): Entity[] {
  const usable = ATTRIBUTES.filter((attribute) => !leaveOut.includes(attribute));
  const entities: Entity[] = [];
  for (let mask = 1; mask < 1 << usable.length; mask++) {
    const kept = usable.filter((_, index) => (mask & (1 << index)) !== 0);
    const entity = withAttributes(object, kept, random);
    if (entityObjects(entity, objects).length === 1) entities.push(entity);
  }
  return entities;
}

/** Every way to name `object` by a subset of its attributes (the empty one: a generic noun), never using `leaveOut`. */
export function entityChoices(object: SceneObject, random: Random, leaveOut: readonly EntityAttribute[] = []): Entity[] {
  const usable = ATTRIBUTES.filter((attribute) => !leaveOut.includes(attribute));
  const entities: Entity[] = [];
  for (let mask = 0; mask < 1 << usable.length; mask++) {
    entities.push(withAttributes(object, usable.filter((_, index) => (mask & (1 << index)) !== 0), random));
  }
  return entities;
}

function withAttributes(object: SceneObject, kept: readonly EntityAttribute[], random: Random): Entity {
  return {
    ...(kept.includes("color") ? { color: object.color } : {}),
    ...(kept.includes("size") ? { size: object.size } : {}),
    ...(kept.includes("shape") ? { shape: object.shape } : { genericNoun: random.pick(["object", "thing", "shape"] as const) }),
  };
}

/** The phrase with "a" or "an" in front ("an orange circle", "a large thing"). */
export function withIndefiniteArticle(phrase: string): string {
  return /^[aeiou]/.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

/** An entity that may match nothing: random attributes, not taken from an object of the scene. */
export function randomEntity(random: Random): Entity {
  const attributes: EntityAttribute[] = ["size", "color", "shape"].filter(() => random.chance(0.6)) as EntityAttribute[];
  return {
    ...(attributes.includes("color") ? { color: random.pick(COLOR_NAMES) } : {}),
    ...(attributes.includes("size") ? { size: random.pick(SCENE_SIZES) } : {}),
    ...(attributes.includes("shape") ? { shape: random.pick(SCENE_SHAPES) } : { genericNoun: random.pick(["object", "thing", "shape"] as const) }),
  };
}

/**
 * Two different plural phrases for a counting comparison — the first names an object of the scene, the
 * second usually does (a fifth of the time it is random and may name none) — and how many more objects the
 * first names than the second. Undefined when the two phrases come out the same.
 */
export function countedPair(objects: readonly SceneObject[], random: Random): { first: string; second: string; difference: number } | undefined {
  const first = entityFromObject(random.pick(objects), random);
  const second = random.chance(0.8) ? entityFromObject(random.pick(objects), random) : randomEntity(random);
  const [firstPhrase, secondPhrase] = [entityPhrase(first, true), entityPhrase(second, true)];
  if (firstPhrase === secondPhrase) return undefined;
  return { first: firstPhrase, second: secondPhrase, difference: entityObjects(first, objects).length - entityObjects(second, objects).length };
}
