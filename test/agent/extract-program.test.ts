import { describe, expect, it } from "vitest";
import { extractProgram } from "../../src/agent/extract-program.ts";
import { ViperError } from "../../src/errors/index.ts";

const PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const foo_patches = await image.find("foo");
  return foo_patches.length;
}`;

function failure(output: string): ViperError {
  try {
    extractProgram(output);
  } catch (error) {
    if (ViperError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected extractProgram to throw");
}

describe("extractProgram", () => {
  it("takes the program out of prose around a ts fence", () => {
    expect(extractProgram(`Here is the program:\n\n\`\`\`ts\n${PROGRAM}\n\`\`\`\nIt counts the foos.`)).toBe(`${PROGRAM}\n`);
  });

  it("picks the fence that defines execute_command among several", () => {
    const output = `First a helper type:\n\`\`\`ts\ntype Foo = number;\n\`\`\`\nThen:\n\`\`\`typescript\n${PROGRAM}\n\`\`\`\nUsage:\n\`\`\`\nexecute_command(image)\n\`\`\``;
    expect(extractProgram(output)).toBe(`${PROGRAM}\n`);
  });

  it("keeps helpers defined next to execute_command in the same block", () => {
    const block = `function is_big(patch: ImagePatch): boolean {\n  return patch.width > 100;\n}\n${PROGRAM}`;
    expect(extractProgram(`\`\`\`ts\n${block}\n\`\`\``)).toBe(`${block}\n`);
  });

  it("accepts a missing fence and cuts the function out of the prose", () => {
    expect(extractProgram(`Sure. ${"\n"}${PROGRAM}\nThis returns the number of foos { as asked }.`)).toBe(`${PROGRAM}\n`);
  });

  it("accepts an unterminated fence", () => {
    expect(extractProgram(`\`\`\`ts\n${PROGRAM}\n`)).toBe(`${PROGRAM}\n`);
  });

  it("adds a missing async and drops export and API imports", () => {
    const output = `\`\`\`ts\nimport { ImagePatch } from "./image-patch";\nexport function execute_command(image: ImagePatch) {\n  return 1;\n}\n\`\`\``;
    expect(extractProgram(output)).toBe("async function execute_command(image: ImagePatch) {\n  return 1;\n}\n");
  });

  it("drops a demo call of execute_command after the definition", () => {
    expect(extractProgram(`\`\`\`ts\n${PROGRAM}\n\nconst answer = await execute_command(image);\n\`\`\``)).toBe(`${PROGRAM}\n`);
  });

  it("ignores drafts inside a reasoning model's <think> section", () => {
    const draft = "```ts\nfunction execute_command(image) { return image.find('x').length; }\n```";
    expect(extractProgram(`<think>\nFirst try:\n${draft}\nNo, it needs await.\n</think>\n\`\`\`ts\n${PROGRAM}\n\`\`\``)).toBe(`${PROGRAM}\n`);
  });

  it("turns Python into PLANNER_OUTPUT that asks for TypeScript", () => {
    const error = failure("```python\ndef execute_command(image):\n    return len(image.find('foo'))\n```");
    expect(error.code).toBe("PLANNER_OUTPUT");
    expect(error.details.reason).toBe("python");
    expect(error.message).toMatch(/Python.*TypeScript/);
  });

  it("prefers a TypeScript block when the answer also has Python", () => {
    expect(extractProgram(`\`\`\`python\ndef execute_command(image): pass\n\`\`\`\n\`\`\`ts\n${PROGRAM}\n\`\`\``)).toBe(`${PROGRAM}\n`);
  });

  it("rejects empty output and output with no execute_command", () => {
    expect(failure("   \n").details.reason).toBe("empty");
    const none = failure("I cannot see images, sorry.");
    expect(none.code).toBe("PLANNER_OUTPUT");
    expect(none.details.reason).toBe("no-program");
    expect(none.details.output).toBe("I cannot see images, sorry.");
  });
});
