import { COLOR_NAMES } from "../mllm/pixels/color-names.ts";
import { boxArea, boxGap, POSITION_EXTREMES, RELATION_PHRASES, RELATIONS, relationOffset, SPATIAL_MARGIN_PX } from "./compose-relations.ts";
import type { SceneObject } from "./compose-scene.ts";
import { countedPair, entityChoices, entityFromObject, entityObjects, entityPhrase, uniqueEntities, withIndefiniteArticle } from "./entity.ts";
import type { Random } from "./random.ts";
import { SCENE_SHAPES } from "./shape-geometry.ts";

type Made = { question: string; answer: number | string } | undefined;
type Generator = (objects: readonly SceneObject[], random: Random) => Made;

/** "Largest" is asked only when the largest box is this many times the next one's area (so the answer is clear). */
const AREA_RATIO = 1.3;
/** "Closest" is asked only when the closest object is this much nearer (pixels) than the next one. */
const GAP_MARGIN_PX = 12;

/** Size superlatives; `key` is smallest for the extreme object. */
const SIZE_EXTREMES: ReadonlyArray<{ readonly word: string; readonly key: (object: SceneObject) => number }> = [
  { word: "largest", key: (object) => -boxArea(object) },
  { word: "smallest", key: (object) => boxArea(object) },
];

/**
 * Generators of the families that need reasoning over several objects: superlatives of size, yes/no
 * checks on an extreme object, attributes of an object placed relative to another, universals, and
 * comparisons of counts phrased with "the number of". Each asks only what the scene graph answers without
 * doubt (clear margins of position, size and distance).
 */
export const REASONING_GENERATORS = {
  superlative(objects, random) {
    const attribute = random.pick(["color", "shape", "size"] as const);
    const extreme = random.pick(SIZE_EXTREMES);
    const entity = entityFromObject(random.pick(objects), random, [attribute, "size"]);
    const chosen = clearExtreme(entityObjects(entity, objects), extreme);
    if (chosen === undefined) return undefined;
    return { question: `What ${attribute} is the ${extreme.word} ${entityPhrase(entity, false)}?`, answer: chosen[attribute] };
  },
  "extreme-is"(objects, random) {
    const property = random.pick(["color", "shape"] as const);
    const extreme = random.pick([...POSITION_EXTREMES, ...SIZE_EXTREMES]);
    const entity = entityFromObject(random.pick(objects), random, [property, "size"]);
    const chosen = clearExtreme(entityObjects(entity, objects), extreme);
    if (chosen === undefined) return undefined;
    const values: readonly string[] = property === "color" ? COLOR_NAMES : SCENE_SHAPES;
    const value = random.chance(0.5) ? chosen[property] : random.pick(values.filter((candidate) => candidate !== chosen[property]));
    const asked = property === "color" ? value : withIndefiniteArticle(value);
    return { question: `Is the ${extreme.word} ${entityPhrase(entity, false)} ${asked}?`, answer: value === chosen[property] ? "yes" : "no" };
  },
  "relative-attribute"(objects, random) {
    const reference = random.pick(objects);
    const names = uniqueEntities(reference, objects, random);
    const others = objects.filter((object) => object !== reference);
    if (names.length === 0 || others.length === 0) return undefined;
    const attribute = random.pick(["color", "shape", "size"] as const);
    const subject = entityFromObject(random.pick(others), random, [attribute]);
    const candidates = entityObjects(subject, others);
    const referencePhrase = entityPhrase(random.pick(names), false);
    const relation = random.pick([...RELATIONS, "closest"] as const);
    if (relation === "closest") {
      const sorted = [...candidates].sort((a, b) => boxGap(a, reference) - boxGap(b, reference));
      if (sorted.length > 1 && boxGap(sorted[1]!, reference) - boxGap(sorted[0]!, reference) < GAP_MARGIN_PX) return undefined;
      return { question: `What ${attribute} is the ${entityPhrase(subject, false)} closest to the ${referencePhrase}?`, answer: sorted[0]![attribute] };
    }
    if (candidates.some((object) => Math.abs(relationOffset(object, reference, relation)) < SPATIAL_MARGIN_PX)) return undefined;
    const matching = candidates.filter((object) => relationOffset(object, reference, relation) > 0);
    if (matching.length !== 1) return undefined;
    return { question: `What ${attribute} is the ${entityPhrase(subject, false)} ${RELATION_PHRASES[relation]} the ${referencePhrase}?`, answer: matching[0]![attribute] };
  },
  universal(objects, random) {
    const wantYes = random.chance(0.5);
    // Every group of two or more objects the scene can name, asked about each attribute, with the answer,
    // so that yes and no come about equally often.
    const options: Array<{ question: string; yes: boolean }> = [];
    for (const attribute of ["color", "size", "shape"] as const) {
      for (const object of objects) {
        for (const entity of entityChoices(object, random, [attribute])) {
          const group = entityObjects(entity, objects);
          if (group.length < 2) continue;
          // "Are all the shapes the same shape?" reads badly: say "objects".
          const plural = entityPhrase(attribute === "shape" && entity.genericNoun === "shape" ? { ...entity, genericNoun: "object" } : entity, true);
          options.push({ question: `Are all the ${plural} the same ${attribute}?`, yes: group.every((member) => member[attribute] === group[0]![attribute]) });
          if (attribute === "shape") continue;
          for (const value of new Set(group.map((member) => member[attribute]))) {
            options.push({ question: `Are all the ${plural} ${value}?`, yes: group.every((member) => member[attribute] === value) });
          }
        }
      }
    }
    const wanted = options.filter((option) => option.yes === wantYes);
    if (wanted.length === 0) return undefined;
    const chosen = random.pick(wanted);
    return { question: chosen.question, answer: chosen.yes ? "yes" : "no" };
  },
  "count-compare"(objects, random) {
    const pair = countedPair(objects, random);
    if (pair === undefined) return undefined;
    const { first, second, difference } = pair;
    const comparison = random.pick(["greater than", "less than", "equal to"] as const);
    const holds = comparison === "greater than" ? difference > 0 : comparison === "less than" ? difference < 0 : difference === 0;
    return { question: `Is the number of ${first} ${comparison} the number of ${second}?`, answer: holds ? "yes" : "no" };
  },
} satisfies Readonly<Record<string, Generator>>;

/** The extreme object of at least two, when it stands out clearly from the next one; else undefined. */
function clearExtreme(candidates: readonly SceneObject[], extreme: { readonly word: string; readonly key: (object: SceneObject) => number }): SceneObject | undefined {
  if (candidates.length < 2) return undefined;
  const [first, second] = [...candidates].sort((a, b) => extreme.key(a) - extreme.key(b)) as [SceneObject, SceneObject];
  if (extreme.word === "largest") return boxArea(first) >= AREA_RATIO * boxArea(second) ? first : undefined;
  if (extreme.word === "smallest") return boxArea(second) >= AREA_RATIO * boxArea(first) ? first : undefined;
  return extreme.key(second) - extreme.key(first) >= SPATIAL_MARGIN_PX ? first : undefined;
}
