import ts from "typescript";
import { describe, expect, it } from "vitest";
import { loadApiDeclaration } from "../../src/agent/api-declaration.ts";
import { buildPlannerPrompt, formatPromptForDisplay } from "../../src/agent/prompt.ts";

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

/** The prompt with JSDoc line prefixes (" * ") removed, so examples read as the code they are. */
function promptAsCode(): string {
  const prompt = buildPlannerPrompt({ question: "How many foo are there?" });
  return `${prompt.system}\n${prompt.user}`.replace(/^\s*\* ?/gm, "");
}

describe("planner prompt", () => {
  const members = declaredMembers();

  it("is generated from a declaration with a sizeable API", () => {
    expect(members.length).toBeGreaterThanOrEqual(20);
    expect(members.filter((member) => member.example !== undefined).length).toBeGreaterThanOrEqual(14);
  });

  it("lists every API member's signature and its example program", () => {
    const text = promptAsCode();
    const raw = buildPlannerPrompt({ question: "q" }).system;
    for (const member of members) {
      expect(raw, member.name).toContain(member.signature);
      if (member.example !== undefined) expect(text, `example of ${member.name}`).toContain(member.example);
    }
  });

  it("names every method and free function in its guidelines", () => {
    const guidelines = buildPlannerPrompt({ question: "q" }).system.split("Guidelines:")[1] ?? "";
    for (const member of members) expect(guidelines, member.name).toContain(member.name);
  });

  it("asks for one ts block with execute_command, awaits and short answers, then the question", () => {
    const prompt = buildPlannerPrompt({ question: "  Is there a bar?  " });
    expect(prompt.system).toContain("```ts");
    expect(prompt.system).toContain("async function execute_command(image: ImagePatch): Promise<Answer>");
    expect(prompt.system).toMatch(/`await` every call that returns a Promise: find, exists, count/);
    expect(prompt.system).toContain('"yes" or "no"');
    expect(prompt.user).toBe("Question: Is there a bar?");
  });

  it("shows the exact messages for --print-prompt", () => {
    const prompt = buildPlannerPrompt({ question: "How many foo?" });
    expect(formatPromptForDisplay(prompt)).toBe(`--- system ---\n${prompt.system}\n--- user ---\n${prompt.user}\n`);
  });
});
