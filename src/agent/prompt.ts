import { loadApiDeclaration } from "./api-declaration.ts";
import { parseApiMembers, uniqueMemberNames } from "./api-members.ts";

/** The messages a language-model planner sends for one question (before any repair). */
export interface PlannerPrompt {
  /** The API declaration (JSDoc and example programs included) and the guidelines. */
  readonly system: string;
  /** The question. */
  readonly user: string;
}

let cachedSystem: string | undefined;

/**
 * Builds the planner prompt from the ImagePatch API declaration, as ViperGPT builds its prompt from
 * `api.prompt`: the declaration itself (doc comments and complete example programs with neutral nouns),
 * then guidelines, then the question. The system part depends only on the declaration, so it is built once.
 */
export function buildPlannerPrompt({ question }: { question: string }): PlannerPrompt {
  cachedSystem ??= buildSystemText();
  return { system: cachedSystem, user: `Question: ${question.trim()}` };
}

/** The prompt as one text, as `viper ask --print-prompt` shows it. */
export function formatPromptForDisplay(prompt: PlannerPrompt): string {
  return `--- system ---\n${prompt.system}\n--- user ---\n${prompt.user}\n`;
}

function buildSystemText(): string {
  const declaration = loadApiDeclaration().text.trim();
  const members = parseApiMembers(declaration);
  const list = (keep: Parameters<typeof uniqueMemberNames>[1]) => uniqueMemberNames(members, keep).join(", ");
  return [
    "You answer questions about images by writing a TypeScript program against the ImagePatch API below.",
    "The program receives the whole image as an ImagePatch and returns the answer.",
    "",
    "```ts",
    declaration,
    "```",
    "",
    "Guidelines:",
    "- Answer with exactly one fenced ```ts code block that defines",
    "  `async function execute_command(image: ImagePatch): Promise<Answer>`; put any helpers inside it.",
    `- \`await\` every call that returns a Promise: ${list((member) => member.returnsPromise)}.`,
    `  These are synchronous: ${list((member) => member.kind !== "property" && !member.returnsPromise)}.`,
    `- Use only the API above: ImagePatch properties (${list((member) => member.kind === "property")}),`,
    `  methods (${list((member) => member.kind === "method")}) and free functions`,
    `  (${list((member) => member.kind === "function")}), plus plain TypeScript: no imports, require, fetch,`,
    "  DOM or console.",
    "- Coordinates: the origin is the bottom-left corner; a smaller horizontal_center is further left and a",
    "  larger vertical_center is higher up.",
    "- Return short answers: a number for counts (not a string), \"yes\" or \"no\" for yes/no questions",
    "  (use bool_to_yesno), otherwise a single word or a short phrase.",
    "- Pass object names to find/exists/count as plain noun phrases, with colour or size words when the",
    "  question gives them (e.g. \"red foo\", \"large bar\").",
  ].join("\n");
}
