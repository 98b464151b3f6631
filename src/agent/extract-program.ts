import ts from "typescript";
import { ViperError } from "../errors/index.ts";

const ENTRY = "execute_command";
const FENCE = /```[ \t]*([\w+#-]*)[^\n]*\n([\s\S]*?)(?:```|$(?![\s\S]))/g;
const PYTHON_DEFINITION = /^\s*def\s+execute_command\s*\(/m;
const TS_DEFINITION = /\bfunction\s+execute_command\s*\(|\b(?:const|let|var)\s+execute_command\s*=/;
const OUTPUT_EXCERPT_CHARS = 2000;

/**
 * Pulls the program out of a language model's answer. Tolerates prose around the code, several fenced
 * blocks (the one that defines `execute_command` wins), an unterminated or missing fence, a missing
 * `async`, `export` in front of the function, imports of the API (which is global), a demo call of
 * `execute_command` after it, and a reasoning model's `<think>` section. Throws PLANNER_OUTPUT, with a
 * message written for the model, when the answer is empty, is Python, or holds no `execute_command`.
 */
export function extractProgram(rawOutput: string): string {
  // Reasoning models (DeepSeek-R1, Qwen3 on Ollama) think aloud first; drafts in there are not the answer.
  const output = rawOutput.replace(/<think>[\s\S]*?(?:<\/think>|$(?![\s\S]))/g, "");
  if (output.trim() === "") {
    throw plannerOutput("The answer was empty.", rawOutput, "empty");
  }
  const blocks = [...output.matchAll(FENCE)].map((match) => ({ language: (match[1] ?? "").toLowerCase(), code: match[2] ?? "" }));
  const fenced = blocks.find((block) => !isPython(block.language) && TS_DEFINITION.test(block.code));
  const code = fenced?.code ?? (TS_DEFINITION.test(output) ? cutUnfencedFunction(output) : undefined);
  if (code === undefined) {
    const python = PYTHON_DEFINITION.test(output) || blocks.some((block) => isPython(block.language));
    throw python
      ? plannerOutput("The answer is Python; programs must be TypeScript.", output, "python")
      : plannerOutput(`The answer holds no \`${ENTRY}\` function.`, output, "no-program");
  }
  return tidy(code);
}

function isPython(language: string): boolean {
  return language === "python" || language === "py";
}

/** Without a fence: from the line that starts the function to the end of its body, as the parser sees it. */
function cutUnfencedFunction(output: string): string {
  const lines = output.split("\n");
  const startLine = lines.findIndex((line) => TS_DEFINITION.test(line));
  const text = lines.slice(startLine).join("\n");
  const source = ts.createSourceFile("answer.ts", text, ts.ScriptTarget.ES2023, true);
  const declaration = source.statements.find((statement) => definesEntry(statement));
  return declaration === undefined ? text : text.slice(0, declaration.end);
}

function definesEntry(statement: ts.Statement): boolean {
  if (ts.isFunctionDeclaration(statement)) return statement.name?.text === ENTRY;
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.some((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === ENTRY);
}

/** Fixes what models commonly get wrong but is unambiguous to repair. */
function tidy(code: string): string {
  return `${code
    .replace(/^\s*import\s[^;\n]*(?:from\s*)?["'][^"'\n]*["'];?[ \t]*$/gm, "")
    .replace(/^(\s*)export\s+(?:default\s+)?((?:async\s+)?function\s+execute_command\b)/m, "$1$2")
    .replace(/^(\s*)function\s+execute_command\b/m, "$1async function execute_command")
    // A demo call after the definition ("execute_command(image);") refers to an image that does not exist.
    .replace(/^(?:(?:const|let|var)\s+\w+\s*=\s*)?(?:await\s+)?execute_command\([^)]*\);?[ \t]*$/gm, "")
    .replace(/^\n+/, "")
    .trimEnd()}\n`;
}

function plannerOutput(problem: string, output: string, reason: "empty" | "python" | "no-program"): ViperError {
  return new ViperError({
    code: "PLANNER_OUTPUT",
    message:
      `${problem} Answer with one fenced \`\`\`ts block that defines ` +
      "`async function execute_command(image: ImagePatch): Promise<Answer>` in TypeScript, using only the ImagePatch API.",
    details: { reason, output: output.slice(0, OUTPUT_EXCERPT_CHARS) },
  });
}
