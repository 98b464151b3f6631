/**
 * The example images and programs: what each image shows and what each program must answer. The
 * expected answers are worked out here from the scene descriptions, not by running the programs;
 * scripts/generate-examples.ts renders the images and the README table from this file, and
 * test/pixels/examples.test.ts runs every program and compares.
 */
import type { SceneShape } from "../src/datasets/shape-geometry.ts";
import type { ColorName } from "../src/mllm/pixels/color-names.ts";

/** One hand-placed shape of the shapes scene. */
export interface ExampleShape {
  readonly shape: SceneShape;
  readonly color: ColorName;
  readonly size: "small" | "large";
  /** Centre in pixels from the top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly rotationDegrees?: number;
}

/** examples/images/shapes.png: 480×320, white background, sizes as in the compositional generator. */
export const SHAPES_SCENE = {
  file: "shapes.png",
  widthPx: 480,
  heightPx: 320,
  /** Nominal sizes (circle diameters) in pixels: 0.12 and 0.215 of the shorter side. */
  sizePx: { small: 38.4, large: 68.8 },
  shapes: [
    { shape: "circle", color: "red", size: "large", x: 80, y: 90 },
    { shape: "circle", color: "blue", size: "small", x: 180, y: 80 },
    { shape: "circle", color: "red", size: "small", x: 300, y: 250 },
    { shape: "circle", color: "red", size: "small", x: 430, y: 150 },
    { shape: "square", color: "blue", size: "large", x: 200, y: 210, rotationDegrees: 15 },
    { shape: "triangle", color: "orange", size: "small", x: 400, y: 60 },
    { shape: "triangle", color: "green", size: "large", x: 90, y: 235 },
    { shape: "star", color: "yellow", size: "small", x: 270, y: 70 },
    { shape: "rectangle", color: "purple", size: "small", x: 370, y: 255, rotationDegrees: 30 },
  ] satisfies ExampleShape[] as readonly ExampleShape[],
};

/** examples/images/butterflies.png: a counting image from the seeded generator. */
export const COUNTING_SCENE = { file: "butterflies.png", seed: 7, category: "butterflies", count: 7, sizePx: 360 } as const;

/** One runnable example. */
export interface Example {
  /** Image file in examples/images/. */
  readonly image: string;
  /** Program file in examples/. */
  readonly program: string;
  /** The question the program answers. */
  readonly question: string;
  readonly expected: string | number;
  /** Which kind of task it shows. */
  readonly kind: "counting" | "spatial relation" | "attribute" | "composition";
}

const shapes = SHAPES_SCENE.shapes;
const only = (shape: SceneShape, color: ColorName): ExampleShape => shapes.find((item) => item.shape === shape && item.color === color)!;
const byX = (items: readonly ExampleShape[]): ExampleShape[] => [...items].sort((a, b) => a.x - b.x);

/** Every example with its expected answer. */
export const EXAMPLES: readonly Example[] = [
  { image: COUNTING_SCENE.file, program: "count-objects.program.ts", question: "How many objects are in this photo?", expected: COUNTING_SCENE.count, kind: "counting" },
  {
    image: SHAPES_SCENE.file,
    program: "count-red-circles.program.ts",
    question: "How many red circles are there?",
    expected: shapes.filter((item) => item.shape === "circle" && item.color === "red").length,
    kind: "counting",
  },
  {
    image: SHAPES_SCENE.file,
    program: "star-above-square.program.ts",
    question: "Is the yellow star above the blue square?",
    // Pixel y grows down: above = smaller y.
    expected: only("star", "yellow").y < only("square", "blue").y ? "yes" : "no",
    kind: "spatial relation",
  },
  {
    image: SHAPES_SCENE.file,
    program: "second-circle-color.program.ts",
    question: "What color is the second circle from the left?",
    expected: byX(shapes.filter((item) => item.shape === "circle"))[1]!.color,
    kind: "attribute",
  },
  { image: SHAPES_SCENE.file, program: "purple-shape.program.ts", question: "What shape is the purple object?", expected: only("rectangle", "purple").shape, kind: "attribute" },
  {
    image: SHAPES_SCENE.file,
    program: "leftmost-triangle-color.program.ts",
    question: "What color is the leftmost triangle?",
    expected: byX(shapes.filter((item) => item.shape === "triangle"))[0]!.color,
    kind: "attribute",
  },
  {
    image: SHAPES_SCENE.file,
    program: "green-large-left-half.program.ts",
    question: "How many of the large things in the left half are green?",
    expected: shapes.filter((item) => item.x < SHAPES_SCENE.widthPx / 2 && item.size === "large" && item.color === "green").length,
    kind: "composition",
  },
];
