import { describe, expect, it } from "vitest";
import { describeCapabilities } from "../../src/agent/capabilities/capability-view.ts";
import { sharedProgramChecker } from "../../src/agent/program-checker.ts";
import { parseRuleQuestion, type RuleIntent } from "../../src/agent/rule-grammar.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import { writeRuleProgram } from "../../src/agent/rule-programs.ts";
import { ViperError } from "../../src/errors/index.ts";
import { classifyScene } from "../../src/mllm/pixels/index.ts";
import { createStoreDetector } from "../../src/mllm/onnx-detector/index.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

describe("rule planner grammar", () => {
  it.each([
    ["How many red circles are there?", { family: "count", entity: "red circles" }],
    ["how many dogs are in the photo", { family: "count", entity: "dogs" }],
    ["How many large blue shapes do you see?", { family: "count", entity: "large blue shapes" }],
    ["How many cats are in this image?", { family: "count", entity: "cats" }],
    ["How many objects are in this photo? Answer please with a number between 1 and 10.", { family: "count", entity: "objects" }],
    ["Is there a green square?", { family: "exist", entity: "green square" }],
    ["Are there any small yellow stars in the image?", { family: "exist", entity: "small yellow stars" }],
    ["What color is the large triangle?", { family: "attribute", attribute: "color", entity: "large triangle" }],
    ["What shape is the purple object?", { family: "attribute", attribute: "shape", entity: "purple object" }],
    ["What size is the red star?", { family: "attribute", attribute: "size", entity: "red star" }],
    ["What is the colour of the square?", { family: "attribute", attribute: "color", entity: "square" }],
    ["Is the red circle to the left of the blue square?", { family: "spatial", relation: "left", subject: "red circle", reference: "blue square" }],
    ["Is the star right of the circle?", { family: "spatial", relation: "right", subject: "star", reference: "circle" }],
    ["Is the small star above the large star?", { family: "spatial", relation: "above", subject: "small star", reference: "large star" }],
    ["Is the triangle below the green circle?", { family: "spatial", relation: "below", subject: "triangle", reference: "green circle" }],
    ["How many circles are left of the green square?", { family: "count-relation", relation: "left", subject: "circles", reference: "green square" }],
    ["How many shapes are to the right of the red star?", { family: "count-relation", relation: "right", subject: "shapes", reference: "red star" }],
    ["How many objects are above the small triangle?", { family: "count-relation", relation: "above", subject: "objects", reference: "small triangle" }],
    ["Are there more circles than squares?", { family: "compare", comparison: "more", first: "circles", second: "squares" }],
    ["Are there fewer red shapes than blue shapes?", { family: "compare", comparison: "fewer", first: "red shapes", second: "blue shapes" }],
    ["Are there the same number of stars and triangles?", { family: "compare", comparison: "same", first: "stars", second: "triangles" }],
    ["Are there as many stars as circles?", { family: "compare", comparison: "same", first: "stars", second: "circles" }],
    ["What color is the leftmost circle?", { family: "extreme", attribute: "color", extreme: "leftmost", entity: "circle" }],
    ["What shape is the topmost red object?", { family: "extreme", attribute: "shape", extreme: "topmost", entity: "red object" }],
    ["What color is the bottommost shape?", { family: "extreme", attribute: "color", extreme: "bottommost", entity: "shape" }],
    ["What color is the right-most star?", { family: "extreme", attribute: "color", extreme: "rightmost", entity: "star" }],
    ["What color is the largest shape?", { family: "extreme", attribute: "color", extreme: "largest", entity: "shape" }],
    ["What shape is the biggest red object?", { family: "extreme", attribute: "shape", extreme: "largest", entity: "red object" }],
    ["What is the size of the smallest circle?", { family: "extreme", attribute: "size", extreme: "smallest", entity: "circle" }],
    ["What shape is the leftmost object?", { family: "extreme", attribute: "shape", extreme: "leftmost", entity: "object" }],
    ["Is the topmost shape a circle?", { family: "extreme-is", extreme: "topmost", entity: "shape", property: { kind: "name", name: "circle" } }],
    ["Is the largest object red?", { family: "extreme-is", extreme: "largest", entity: "object", property: { kind: "adjective", word: "red" } }],
    ["Is the leftmost animal a dog?", { family: "extreme-is", extreme: "leftmost", entity: "animal", property: { kind: "name", name: "dog" } }],
    ["What color is the shape right of the green square?", { family: "relative-attribute", attribute: "color", subject: "shape", relation: "right", reference: "green square" }],
    ["What shape is the object to the left of the red star?", { family: "relative-attribute", attribute: "shape", subject: "object", relation: "left", reference: "red star" }],
    ["What color is the shape closest to the red square?", { family: "relative-attribute", attribute: "color", subject: "shape", relation: "closest", reference: "red square" }],
    ["What is the size of the circle nearest to the blue triangle?", { family: "relative-attribute", attribute: "size", subject: "circle", relation: "closest", reference: "blue triangle" }],
    ["Are all the circles the same color?", { family: "same-attribute", attribute: "color", entity: "circles" }],
    ["Do all the large shapes have the same shape?", { family: "same-attribute", attribute: "shape", entity: "large shapes" }],
    ["Are all the circles red?", { family: "all-have", entity: "circles", adjective: "red" }],
    ["Is every square large?", { family: "all-have", entity: "square", adjective: "large" }],
    ["Is the number of red objects greater than the number of circles?", { family: "compare", comparison: "more", first: "red objects", second: "circles" }],
    ["Is the number of stars less than the number of blue shapes?", { family: "compare", comparison: "fewer", first: "stars", second: "blue shapes" }],
    ["Is the number of stars equal to the number of squares?", { family: "compare", comparison: "same", first: "stars", second: "squares" }],
    ["How many cars are left of the bus?", { family: "count-relation", relation: "left", subject: "cars", reference: "bus" }],
    ["How many red cars are to the right of the truck?", { family: "count-relation", relation: "right", subject: "red cars", reference: "truck" }],
    ["What animal is on the bed?", { family: "hypernym", group: "animal", classes: ["bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"], relation: "on", reference: "bed" }],
    ["Which vehicle is left of the person?", { family: "hypernym", group: "vehicle", classes: ["bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"], relation: "left", reference: "person" }],
  ])("reads %j", (question, intent) => {
    expect(parseRuleQuestion(question)).toEqual(intent);
  });

  it.each(["How many people are wearing hats?", "What is the man holding?", "Why is the sky blue?", "Is the dog happy?", "How many of the circles are touching?", ""])(
    "does not pretend to read %j",
    (question) => {
      expect(parseRuleQuestion(question)).toBeUndefined();
    },
  );
});

/**
 * Paraphrases close to the families the planner knows whose meaning its templates cannot express: an
 * ordinal, a negation, a number, two conditions, a comparison of sizes, an unclear reference. A program
 * for any of them would answer something else, so the planner must refuse every one.
 */
const MUST_REFUSE = [
  "What color is the second largest shape?",
  "What color is the shape between the two circles?",
  "How many circles are not red?",
  "How many shapes are neither red nor blue?",
  "Are all the circles left of the square?",
  "Is the largest shape the leftmost one?",
  "Which shape is closest to the left edge?",
  "How many circles are left of all the squares?",
  "What color are most of the circles?",
  "Are there more circles than squares and triangles combined?",
  "Is the number of circles twice the number of squares?",
  "How many more circles than squares are there?",
  "What is the difference between the number of circles and squares?",
  "What shape is the third object from the left?",
  "Is any circle larger than the blue square?",
  "Is the red circle larger than the blue square?",
  "What color is the shape that is not a circle?",
  "How many shapes are touching the border?",
  "Which color appears most often?",
  "How many colors are there?",
  "How many different shapes are there?",
  "What is the total number of circles and squares?",
  "Are the circles bigger than the squares?",
  "What color is the shape left of the leftmost circle?",
  "How many circles are there besides the red ones?",
  "What color is the circle inside the square?",
  "Is the star above or below the circle?",
  "Which is larger, the circle or the square?",
  "Is there a circle that is not red?",
  "How many circles would remain if the red ones were removed?",
  "What shape has the most copies?",
  "Are there exactly three circles?",
  "Are there at least two squares?",
  "Is there more than one star?",
  "How many shapes are above the red circle and left of the blue square?",
  "What color is the smallest circle on the left?",
  "What is the color of the last shape?",
  "What shape is next to the red circle?",
  "Is the circle on the left red?",
  "What color is the other circle?",
  "Are both circles red?",
  "Is either square blue?",
  "How many circles are red or blue?",
  "What animal is the largest?",
  "What animal is not on the bed?",
  "How many people are holding umbrellas?",
  "What is the person on the left wearing?",
  "Is the dog bigger than the cat?",
  "How many cars are parked left of the bus?",
  "What color is the car behind the bus?",
  "Is the leftmost car parked?",
  "What object is on the table?",
];

describe("rule planner refusals", () => {
  it("has at least 50 paraphrases to refuse", () => {
    expect(new Set(MUST_REFUSE).size).toBeGreaterThanOrEqual(50);
  });

  it.each(MUST_REFUSE)("refuses %j with PLANNER_UNSUPPORTED instead of writing a wrong program", async (question) => {
    const error = await createRulePlanner()
      .plan({ question })
      .then((program) => program, (caught: unknown) => caught);
    expect(ViperError.hasCode(error, "PLANNER_UNSUPPORTED"), `wrote a program for "${question}":\n${String(error)}`).toBe(true);
  });
});

/** One intent of every family and variant (each extreme, relation, comparison, property kind, clashing names). */
const EVERY_TEMPLATE = {
  count: [{ family: "count", entity: "red circles" }],
  exist: [{ family: "exist", entity: "large blue squares" }],
  attribute: (["color", "shape", "size"] as const).map((attribute) => ({ family: "attribute", attribute, entity: "star" })),
  extreme: (["leftmost", "rightmost", "topmost", "bottommost", "largest", "smallest"] as const).map((extreme) => ({ family: "extreme", attribute: "color", extreme, entity: "circle" })),
  "extreme-is": (["leftmost", "rightmost", "topmost", "bottommost", "largest", "smallest"] as const).flatMap((extreme) => [
    { family: "extreme-is", extreme, entity: "shape", property: { kind: "name", name: "circle" } },
    { family: "extreme-is", extreme, entity: "circle", property: { kind: "adjective", word: "red" } },
    { family: "extreme-is", extreme, entity: "circle", property: { kind: "name", name: "circle" } },
  ]),
  spatial: (["left", "right", "above", "below"] as const).flatMap((relation) => [
    { family: "spatial", relation, subject: "red circle", reference: "square" },
    { family: "spatial", relation, subject: "star", reference: "stars" },
  ]),
  "count-relation": (["left", "right", "above", "below"] as const).flatMap((relation) => [
    { family: "count-relation", relation, subject: "circles", reference: "green square" },
    { family: "count-relation", relation, subject: "circles", reference: "circle" },
  ]),
  compare: (["more", "fewer", "same"] as const).map((comparison) => ({ family: "compare", comparison, first: "circles", second: "circles" })),
  "relative-attribute": (["left", "right", "above", "below", "closest"] as const).map((relation) => ({ family: "relative-attribute", attribute: "shape", subject: "shape", relation, reference: "shape" })),
  "same-attribute": (["color", "shape", "size"] as const).map((attribute) => ({ family: "same-attribute", attribute, entity: "circles" })),
  "all-have": [{ family: "all-have", entity: "circles", adjective: "red" }],
  hypernym: (["on", "left", "right", "above", "below"] as const).flatMap((relation) => [
    { family: "hypernym", group: "animal", classes: ["cat", "dog"], relation, reference: "bed" },
    { family: "hypernym", group: "vehicle", classes: ["car", "bus"], relation, reference: "vehicle" },
  ]),
} satisfies { [Family in RuleIntent["family"]]: ReadonlyArray<Extract<RuleIntent, { family: Family }>> };

describe("every rule-planner template is a correct program", () => {
  it.each(Object.entries(EVERY_TEMPLATE))("%s: type-checks with no diagnostic, await mistake or capability problem", (_family, intents) => {
    const capabilities = describeCapabilities({ perception: { classifyScene, detectors: [...pixelPerception().detectors, createStoreDetector({ modelsDir: "/nonexistent" })], visualQA: pixelPerception().visualQA, scorers: pixelPerception().scorers } });
    for (const intent of intents as readonly RuleIntent[]) {
      const program = writeRuleProgram(intent);
      expect(sharedProgramChecker().diagnose(program, { capabilities }), program).toEqual([]);
    }
  });
});

describe("createRulePlanner", () => {
  const planner = createRulePlanner();

  it("writes readable ViperGPT-style programs that pass the checker", async () => {
    const program = await planner.plan({ question: "How many red circles are there?" });
    expect(program).toBe(
      'async function execute_command(image: ImagePatch): Promise<Answer> {\n  const red_circle_patches = await image.find("red circles");\n  return red_circle_patches.length;\n}\n',
    );
    for (const question of [
      "Is there a green square?",
      "What color is the large triangle?",
      "Is the red circle to the left of the blue square?",
      "How many circles are left of the green square?",
      "Are there fewer circles than red circles?",
      "Are there the same number of circles and circles?",
      "What color is the topmost circle?",
    ]) {
      expect(sharedProgramChecker().diagnose(await planner.plan({ question })), question).toEqual([]);
    }
  });

  it("compares with the image's y axis pointing up (above = larger vertical_center)", async () => {
    expect(await planner.plan({ question: "Is the star above the circle?" })).toContain("star_patch.vertical_center > circle_patch.vertical_center");
    expect(await planner.plan({ question: "What color is the topmost star?" })).toContain("sort((a, b) => b.vertical_center - a.vertical_center)");
  });

  it("refuses other questions with PLANNER_UNSUPPORTED that quotes them and explains how to configure an LLM planner", async () => {
    const error = await planner.plan({ question: "What is the man holding?" }).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "PLANNER_UNSUPPORTED")).toBe(true);
    const message = (error as ViperError).message;
    expect(message).toContain('"What is the man holding?"');
    expect(message).toContain("--planner openai:gpt-4o-mini");
    expect(message).toContain("--planner ollama:llama3.1");
    expect(message).toContain("--planner-base-url");
  });

  it("does not repair (it is deterministic), and its programs are trusted (checked by the tests above, not at each ask)", () => {
    expect(planner.repairs).toBe(false);
    expect(planner.trusted).toBe(true);
    expect(planner.id).toBe("rules");
  });

  it("answers a group word with the classes the configured detectors know here, and refuses when they know none", async () => {
    const photo = describeCapabilities({ perception: { classifyScene, detectors: [createStoreDetector({ modelsDir: "/nonexistent" })], visualQA: [], scorers: [] }, scene: "photo" });
    expect(await planner.plan({ question: "What animal is on the bed?", capabilities: photo })).toContain('for (const class_name of ["bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"])');
    const plain = describeCapabilities({ perception: pixelPerception(), scene: "plain" });
    const error = await planner.plan({ question: "What animal is on the bed?", capabilities: plain }).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "PLANNER_UNSUPPORTED")).toBe(true);
  });

  it("follows the prompt's convention when the object is not there: 0, \"no\", \"none\"", async () => {
    expect(await planner.plan({ question: "What color is the large triangle?" })).toContain('if (large_triangle_patches.length === 0) return "none";');
    expect(await planner.plan({ question: "Is the topmost shape a circle?" })).toContain('if (shape_patches.length === 0) return "no";');
    expect(await planner.plan({ question: "How many circles are left of the green square?" })).toContain("if (green_square_patches.length === 0) return 0;");
  });
});
