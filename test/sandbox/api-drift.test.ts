import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { run } from "./run-helpers.ts";

const DECLARATION = new URL("../../src/tools/api/image-patch.api.d.ts", import.meta.url);

interface DeclaredApi {
  /** Readonly members of ImagePatch. */
  properties: string[];
  /** ImagePatch methods → parameter count (optional ones included). */
  methods: Record<string, number>;
  /** Free functions → largest parameter count over their overloads. */
  functions: Record<string, number>;
}

/** Reads the API declaration with the TypeScript compiler: the single source of truth. */
function readDeclaredApi(): DeclaredApi {
  const file = ts.createSourceFile("image-patch.api.d.ts", readFileSync(DECLARATION, "utf8"), ts.ScriptTarget.ES2022, true);
  const api: DeclaredApi = { properties: [], methods: {}, functions: {} };
  for (const statement of file.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === "ImagePatch") {
      for (const member of statement.members) {
        if (ts.isPropertyDeclaration(member)) api.properties.push(member.name.getText(file));
        if (ts.isMethodDeclaration(member)) api.methods[member.name.getText(file)] = member.parameters.length;
      }
    }
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      const name = statement.name.text;
      api.functions[name] = Math.max(api.functions[name] ?? 0, statement.parameters.length);
    }
  }
  return api;
}

describe("the sandbox prelude matches the ImagePatch API declaration", () => {
  it("has the same ImagePatch members, methods (with parameter counts) and free functions", async () => {
    const declared = readDeclaredApi();
    expect(declared.properties.length).toBeGreaterThan(0);
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const prototype = Object.getPrototypeOf(image);
  const methods = Object.getOwnPropertyNames(prototype).filter((name) => name !== "constructor");
  const global = (0, eval)("this");
  const functions = ${JSON.stringify(Object.keys(declared.functions))}.filter((name) => typeof global[name] === "function");
  return [
    Object.keys(image),
    methods.map((name) => [name, prototype[name].length]),
    functions.map((name) => [name, global[name].length]),
  ];
}`);
    const [properties, methods, functions] = result.answer as [string[], [string, number][], [string, number][]];
    expect([...properties].sort()).toEqual([...declared.properties].sort());
    expect(Object.fromEntries(methods)).toEqual(declared.methods);
    expect(Object.fromEntries(functions)).toEqual(declared.functions);
  });
});
