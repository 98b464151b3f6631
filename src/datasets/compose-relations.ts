import type { SceneObject } from "./compose-scene.ts";

/**
 * Centres closer than this (pixels) on the relevant axis make "left of"/"above" and "leftmost" unclear,
 * so such questions are not asked.
 */
export const SPATIAL_MARGIN_PX = 10;

/** Where one object is relative to another, in image directions. */
export type Relation = "left" | "right" | "above" | "below";

/** Every {@link Relation}. */
export const RELATIONS: readonly Relation[] = ["left", "right", "above", "below"];

/** How a yes/no or what-question says each relation ("Is the X to the left of the Y?"). */
export const RELATION_PHRASES: Readonly<Record<Relation, string>> = { left: "to the left of", right: "to the right of", above: "above", below: "below" };

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

/** Positional superlatives; `key` is smallest for the extreme object. */
export const POSITION_EXTREMES: ReadonlyArray<{ readonly word: string; readonly key: (object: SceneObject) => number }> = [
  { word: "leftmost", key: (object) => object.center.x },
  { word: "rightmost", key: (object) => -object.center.x },
  { word: "topmost", key: (object) => object.center.y },
  { word: "bottommost", key: (object) => -object.center.y },
];

/** Area of an object's box in square pixels: what "largest" and "smallest" compare (the API's width * height). */
export function boxArea(object: SceneObject): number {
  return (object.box.x1 - object.box.x0) * (object.box.y1 - object.box.y0);
}

/** The Euclidean gap between two objects' boxes (0 when they touch or overlap), as the API's distance(). */
export function boxGap(a: SceneObject, b: SceneObject): number {
  const gapX = Math.max(0, a.box.x0 - b.box.x1, b.box.x0 - a.box.x1);
  const gapY = Math.max(0, a.box.y0 - b.box.y1, b.box.y0 - a.box.y1);
  return Math.hypot(gapX, gapY);
}
