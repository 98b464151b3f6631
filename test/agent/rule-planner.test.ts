import { describe, expect, it } from "vitest";
import { sharedProgramChecker } from "../../src/agent/program-checker.ts";
import { parseRuleQuestion } from "../../src/agent/rule-grammar.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import { ViperError } from "../../src/errors/index.ts";

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

  it("does not repair (it is deterministic)", () => {
    expect(planner.repairs).toBe(false);
    expect(planner.id).toBe("rules");
  });
});
