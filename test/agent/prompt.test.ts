import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiDeclaration } from "../../src/agent/api-declaration.ts";
import { describeCapabilities } from "../../src/agent/capabilities/capability-view.ts";
import { buildPlannerPrompt, formatPromptForDisplay } from "../../src/agent/prompt.ts";
import { COCO_CLASSES } from "../../src/mllm/labels/index.ts";
import { classifyScene } from "../../src/mllm/pixels/index.ts";
import { createStoreDetector } from "../../src/mllm/onnx-detector/index.ts";
import { createPerception, type Perception } from "../../src/tools/create-perception.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

/** Every member of the declaration with its @example, read straight from the TypeScript AST. */
function declaredMembers(): Array<{ name: string; signature: string; example: string | undefined }> {
  const source = ts.createSourceFile("api.d.ts", loadApiDeclaration().text, ts.ScriptTarget.ES2023, true);
  const members: Array<{ name: string; signature: string; example: string | undefined }> = [];
  const add = (node: ts.ClassElement | ts.FunctionDeclaration, name: string) => {
    const example = ts.getJSDocTags(node).find((tag) => tag.tagName.text === "example");
    members.push({ name, signature: node.getText(source), example: example ? ts.getTextOfJSDocComment(example.comment)?.trim() : undefined });
  };
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) if (member.name && ts.isIdentifier(member.name)) add(member, member.name.text);
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      add(statement, statement.name.text);
    }
  }
  return members;
}

/** Text with JSDoc line prefixes (" * ") removed, so examples read as the code they are. */
function asCode(text: string): string {
  return text.replace(/^\s*\* ?/gm, "");
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("planner prompt, from the declaration alone", () => {
  const members = declaredMembers();
  const system = buildPlannerPrompt({ question: "q" }).system;

  it("is generated from a declaration with a sizeable API", () => {
    expect(members.length).toBeGreaterThanOrEqual(20);
    expect(members.filter((member) => member.example !== undefined).length).toBeGreaterThanOrEqual(13);
  });

  it("shows every member's signature and example program exactly once", () => {
    for (const member of members) {
      expect(count(system, member.signature), member.name).toBe(1);
      if (member.example !== undefined) expect(count(asCode(system), member.example), `example of ${member.name}`).toBe(1);
    }
  });

  it("has no developer header: the file's own header is not part of the prompt", () => {
    expect(loadApiDeclaration().text).toContain("single source of truth");
    expect(system).not.toContain("single source of truth");
    expect(system).not.toContain("src/tools");
  });

  it("does not list the members again in its guidelines", () => {
    const guidelines = system.split("Guidelines:")[1] ?? "";
    for (const name of ["verify_property", "best_text_match", "simple_query", "compute_depth", "llm_query", "best_image_match", "coerce_to_numeric"]) {
      expect(guidelines, name).not.toContain(name);
    }
  });

  it("states one convention for a missing object, and every example follows it", () => {
    expect(system).toContain('When the object asked about is not there: a count is 0, a yes/no answer is "no", a what/which answer is\n  "none".');
    const notFoundReturns = [...asCode(system).matchAll(/if \([^)]*(?:length === 0|=== 0)[^)]*\) return ([^;]+);/g)].map((match) => match[1]);
    expect(notFoundReturns.length).toBeGreaterThanOrEqual(5);
    for (const value of notFoundReturns) expect(['"none"', '"no"', "0"]).toContain(value);
    expect(asCode(system)).not.toMatch(/return null;|"unknown"|"no foo"/);
  });

  it("says that spatial relations compare box centres and how to await inside array callbacks", () => {
    expect(system).toContain("compare box centres (horizontal_center, vertical_center)");
    expect(system).toContain("Array callbacks (filter, some, every, find, sort,\n  reduce, forEach) do not wait for Promises");
    expect(system).toContain("never from `new ImagePatch(...)`");
  });

  it("asks for one ts block with execute_command and short answers, then the question", () => {
    const prompt = buildPlannerPrompt({ question: "  Is there a bar?  " });
    expect(prompt.system).toContain("async function execute_command(image: ImagePatch): Promise<Answer>");
    expect(prompt.system).toContain('"yes" or "no"');
    expect(prompt.user).toBe("Question: Is there a bar?");
  });

  it("shows the exact messages for --print-prompt", () => {
    const prompt = buildPlannerPrompt({ question: "How many foo?" });
    expect(formatPromptForDisplay(prompt)).toBe(`--- system ---\n${prompt.system}\n--- user ---\n${prompt.user}\n`);
  });
});

describe("planner prompt for a set-up", () => {
  const opened: Perception[] = [];
  afterAll(async () => {
    for (const perception of opened) await perception.dispose();
  });
  const setUp = async (options: Parameters<typeof createPerception>[0]) => {
    const perception = await createPerception({ modelsDir: "/nonexistent-models-never-loaded", ...options });
    opened.push(perception);
    return perception;
  };
  const vlmOnly = ["simple_query(question: string)"];
  const scorerOnly = ["verify_property(", "best_text_match(", "declare function best_image_match("];
  const others = ["compute_depth(", "llm_query(question: string, long_answer?: boolean)", "declare function llm_query("];

  it("for a photo with only YOLOX: lists the COCO vocabulary and leaves out every member with no back-end", () => {
    const perception = { classifyScene, detectors: [createStoreDetector({ modelsDir: "/nonexistent-models-never-loaded" })], visualQA: [], scorers: [] };
    const { system } = buildPlannerPrompt({ question: "q", capabilities: describeCapabilities({ perception, scene: "photo" }) });
    expect(system).toContain("- The image is a photo.");
    expect(system).toContain(`find, exists and count can name ${COCO_CLASSES.map((cocoClass) => cocoClass.name).join(", ")} (singular or plural;`);
    for (const omitted of [...vlmOnly, ...scorerOnly, ...others]) expect(system, omitted).not.toContain(omitted);
    for (const kept of ["find(object_name: string)", "exists(", "count(", "crop(", "overlaps_with(", "declare function distance(", "declare function bool_to_yesno("]) {
      expect(system, kept).toContain(kept);
    }
    // No example may call what the prompt left out.
    expect(asCode(system)).not.toMatch(/\.(simple_query|verify_property|compute_depth|llm_query)\(|best_image_match\(foo/);
  });

  it("with a served VLM (--vlm) configured, simple_query is back and answers anything", async () => {
    const perception = await setUp({ vlm: "ollama:llava" });
    const { system } = buildPlannerPrompt({ question: "q", capabilities: describeCapabilities({ perception, scene: "photo" }) });
    for (const member of vlmOnly) expect(system, member).toContain(member);
    expect(system).not.toContain("simple_query serves only");
    expect(system).toContain("person, bicycle, car");
  });

  it("with the offline default on a photo, says simple_query answers only colour questions and scorers only colours", async () => {
    const perception = await setUp({});
    const { system } = buildPlannerPrompt({ question: "q", capabilities: describeCapabilities({ perception, scene: "photo" }) });
    expect(system).toContain('- simple_query serves only questions of these forms: "What color is this?", "What color is the <object>?".');
    expect(system).toContain("- verify_property serves only these properties: colours (red, orange, yellow, green, blue, purple, pink, brown, black, white, gray).");
    for (const omitted of others) expect(system, omitted).not.toContain(omitted);
  });

  it("for a plain-background scene, names the pixel back-end's shapes with colour and size words", () => {
    const { system } = buildPlannerPrompt({ question: "q", capabilities: describeCapabilities({ perception: pixelPerception(), scene: "plain" }) });
    expect(system).toContain("- The image is a plain-background scene: flat coloured shapes on a plain background.");
    expect(system).toContain(
      "find, exists and count can name circle, square, rectangle, triangle, star, object, shape, thing (singular or plural; a colour word (red, orange, yellow, green, blue, purple, pink, brown, black, white, gray) and a size word (small, large) may come first).",
    );
    expect(system).toContain("simple_query serves only questions of these forms:");
    expect(system).not.toContain("The image is a photo");
  });

  it("builds the system text once per set-up and scene kind", () => {
    const capabilities = describeCapabilities({ perception: pixelPerception(), scene: "plain" });
    expect(buildPlannerPrompt({ question: "a", capabilities }).system).toBe(buildPlannerPrompt({ question: "b", capabilities }).system);
  });
});
