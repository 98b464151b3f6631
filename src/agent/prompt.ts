import { loadApiDeclaration } from "./api-declaration.ts";
import { capabilitySection } from "./capabilities/capability-text.ts";
import type { CapabilityView } from "./capabilities/capability-view.ts";
import { renderDeclaration } from "./render-declaration.ts";

/** The messages a language-model planner sends for one question (before any repair). */
export interface PlannerPrompt {
  /** The API declaration (JSDoc and example programs included), what this set-up can see, and the guidelines. */
  readonly system: string;
  /** The question. */
  readonly user: string;
}

/** Options for {@link buildPlannerPrompt}. */
export interface PlannerPromptOptions {
  /** The question about the image. */
  question: string;
  /**
   * What the configured perception serves for this image ({@link describeCapabilities}): members with no
   * back-end are left out and a section says what find can name and what the partly served members take.
   * @defaultValue none: the whole declaration, no set-up section
   */
  capabilities?: CapabilityView;
}

/** System texts by capability key; a process sees a handful of set-ups, so a small map is enough. */
const systemTexts = new Map<string, string>();
const MAX_SYSTEM_TEXTS = 32;

/**
 * Builds the planner prompt from the ImagePatch API declaration, as ViperGPT builds its prompt from
 * `api.prompt`: the declaration itself (doc comments and complete example programs with neutral nouns),
 * what this set-up can see, then guidelines, then the question. The system part depends only on the
 * declaration and the capability view, so it is built once per set-up and scene kind.
 */
export function buildPlannerPrompt({ question, capabilities }: PlannerPromptOptions): PlannerPrompt {
  const key = capabilities?.key ?? "";
  let system = systemTexts.get(key);
  if (system === undefined) {
    system = buildSystemText(capabilities);
    if (systemTexts.size >= MAX_SYSTEM_TEXTS) systemTexts.delete(systemTexts.keys().next().value as string);
    systemTexts.set(key, system);
  }
  return { system, user: `Question: ${question.trim()}` };
}

/** The prompt as one text, as `viper ask --print-prompt` shows it. */
export function formatPromptForDisplay(prompt: PlannerPrompt): string {
  return `--- system ---\n${prompt.system}\n--- user ---\n${prompt.user}\n`;
}

function buildSystemText(capabilities: CapabilityView | undefined): string {
  const declaration = renderDeclaration(loadApiDeclaration().text, capabilities?.unavailable);
  return [
    "You answer questions about images by writing a TypeScript program against the ImagePatch API below.",
    "The program receives the whole image as an ImagePatch and returns the answer.",
    "",
    "```ts",
    declaration,
    "```",
    "",
    ...(capabilities === undefined ? [] : [capabilitySection(capabilities), ""]),
    GUIDELINES,
  ].join("\n");
}

const GUIDELINES = [
  "Guidelines:",
  "- Answer with exactly one fenced ```ts code block that defines",
  "  `async function execute_command(image: ImagePatch): Promise<Answer>`; put any helpers inside it.",
  "- `await` every call whose declared result is a Promise. Array callbacks (filter, some, every, find, sort,",
  "  reduce, forEach) do not wait for Promises: first `await Promise.all(patches.map(...))`, or use a",
  "  `for (const patch of patches)` loop with `await`.",
  "- Use only the API above and plain TypeScript: no imports, require, fetch, DOM or console. Patches come",
  "  from find and crop, never from `new ImagePatch(...)`.",
  "- Positions: the origin is the bottom-left corner; a smaller horizontal_center is further left and a larger",
  "  vertical_center is higher up. Spatial relations (left of, right of, above, below, leftmost, topmost, ...)",
  "  compare box centres (horizontal_center, vertical_center); sizes (largest, smallest) compare width * height.",
  "- Short answers: a number for counts (not a string), \"yes\" or \"no\" for yes/no questions (bool_to_yesno),",
  "  otherwise a word or a short phrase.",
  "- When the object asked about is not there: a count is 0, a yes/no answer is \"no\", a what/which answer is",
  "  \"none\".",
  "- Give find, exists and count plain names, with colour or size words when the question has them (\"red foo\",",
  "  \"large bar\"); work out superlatives, order and relations in code from the patches.",
].join("\n");
