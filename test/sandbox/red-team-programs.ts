import type { ViperErrorCode } from "../../src/errors/index.ts";

/** How a red-team program must end: a typed error, or a correct answer. */
export type RedTeamOutcome = { readonly code: ViperErrorCode; readonly message?: RegExp } | { readonly answer: unknown };

/** A program from the red-team report (issue 16), as it was sent to `viper run`. */
export interface RedTeamProgram {
  readonly title: string;
  readonly source: string;
  /** The outcome against the sandbox tests' fake tool host. */
  readonly outcome: RedTeamOutcome;
  /**
   * The outcome of `viper run examples/images/shapes.png` with the default (pixel) back-ends, when it
   * differs: the real host has no text scorer, and the image is 480 × 320 with 4 circles.
   */
  readonly cliOutcome?: RedTeamOutcome;
  /** True for the programs that made the host's memory grow (the memory test runs these). */
  readonly memory?: boolean;
}

/** Every program of the red-team report, each of which once killed the host or broke a guarantee. */
export const RED_TEAM_PROGRAMS: readonly RedTeamProgram[] = [
  {
    title: "1. a setter on Array.prototype swaps a 6,000-deep array into a checked tool argument (was SIGSEGV)",
    source: `let deep: any = "x"; for (let i = 0; i < 6000; i++) deep = [deep];
Object.defineProperty(Array.prototype, "0", { configurable: true,
  set(this: any) { Object.defineProperty(this, "0", { value: deep, writable: true, enumerable: true, configurable: true }); } });
async function execute_command(image: ImagePatch) { return await image.best_text_match(["a"]); }`,
    outcome: { answer: "a" },
    cliOutcome: { code: "NO_BACKEND", message: /best_text_match\(\["a"\]\)/ },
  },
  {
    title: "2. a forged call site from Error.prepareStackTrace reaches the host's line mapping (was an unhandled rejection)",
    source: `enum E { A }
Error.prepareStackTrace = () => "at x (program.js:0:1)";
async function execute_command(image: ImagePatch) { await image.exists("circle"); return 1; }`,
    outcome: { answer: 1 },
  },
  {
    title: '3. "x".repeat(2 ** 28).split("") (was a V8 fatal error)',
    source: `async function execute_command(image: ImagePatch) { return "x".repeat(2 ** 28).split("").length; }`,
    outcome: { code: "SANDBOX_MEMORY", message: /split on 268435456 characters/ },
  },
  {
    title: "4a. ~37k Intl objects kept alive (was 556 MB RSS outside the heap)",
    source: `const keep: unknown[] = [];
async function execute_command(image: ImagePatch) {
  for (let i = 0; i < 37000; i++) {
    const k = i % 3;
    keep.push(k === 0 ? new Intl.DateTimeFormat("en", { timeZone: "UTC" }) : k === 1 ? new Intl.Collator("de") : new Intl.Segmenter("fr"));
  }
  return keep.length;
}`,
    outcome: { code: "PROGRAM_RUNTIME", message: /Intl is not defined/ },
    memory: true,
  },
  {
    title: "4b. 50 concurrent simple_query calls with a 20 MB question (was 1.3 GB: the host copied before checking)",
    source: `async function execute_command(image: ImagePatch) {
  const question = "x".repeat(20 * 1024 * 1024);
  const answers: Promise<string>[] = [];
  for (let i = 0; i < 50; i++) answers.push(image.simple_query(question));
  return (await Promise.all(answers)).length;
}`,
    outcome: { code: "TOOL_ARGUMENT", message: /at most 1000 characters, got a 20971520-character string/ },
    memory: true,
  },
  {
    title: '4c. "x".padEnd(2 ** 29 - 24, "y").normalize("NFD") (was 2.75 GB and 7.5 s against a 2 s budget)',
    source: `async function execute_command(image: ImagePatch) { return "x".padEnd(2 ** 29 - 24, "y").normalize("NFD").length; }`,
    outcome: { code: "SANDBOX_MEMORY", message: /normalize on 536870888 characters/ },
    memory: true,
  },
  {
    title: "5. an execute_command getter reads the caller frame's arguments to mint patches (was a forged ImagePatch)",
    source: `function getter(): unknown {
  const caller = (getter as any).caller;
  const args = caller && caller.arguments;
  if (args && args.length === 2) args[0](async (patch: any) => { (globalThis as any).forged = patch; }, { $patch: 1, left: 0, lower: 0, right: 1e6, upper: 1e6 });
  return async (image: ImagePatch) => [(globalThis as any).forged?.right ?? null, image.right];
}
Object.defineProperty(globalThis, "execute_command", { configurable: true, get: getter });`,
    outcome: { code: "PROGRAM_SYNTAX", message: /found an accessor/ },
  },
  {
    title: "5b. the same getter on Object.prototype (reached by name lookup) sees no caller frame",
    source: `function getter(): unknown {
  const caller = (getter as any).caller;
  const seen = caller === null ? "no caller" : typeof caller;
  return async (image: ImagePatch) => [seen, image.right];
}
Object.defineProperty(Object.prototype, "execute_command", { configurable: true, get: getter });`,
    outcome: { answer: ["no caller", 300] },
    cliOutcome: { answer: ["no caller", 480] },
  },
  {
    title: "6. Object.prototype.toJSON rewrites the outcome into a TOOL_LIMIT with a chosen message (was a forged failure)",
    source: `(Object.prototype as any).toJSON = function () {
  return { kind: "thrown", message: "forged by the program", isError: true, site: null, code: "TOOL_LIMIT", callIndex: null };
};
(Array.prototype as any).toJSON = () => "forged";
async function execute_command(image: ImagePatch) { return [await image.count("circle"), "three"]; }`,
    outcome: { answer: [3, "three"] },
    cliOutcome: { answer: [4, "three"] },
  },
  {
    title: "6b. a caught tool failure re-raised through a forged outcome (toJSON naming its call index)",
    source: `async function execute_command(image: ImagePatch) {
  try { await image.find(42 as any); } catch { /* caught */ }
  (Object.prototype as any).toJSON = () => ({ kind: "thrown", message: "x", isError: true, site: null, code: "NO_BACKEND", callIndex: 0 });
  return 2;
}`,
    outcome: { answer: 2 },
  },
  {
    title: "7. an answer full of terminal escape sequences (printed raw in human mode)",
    source: `async function execute_command(image: ImagePatch) { return "\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[Hfake line\\nanswer: 42\\u009b31m"; }`,
    outcome: { answer: "\u001b]0;pwned\u0007\u001b[2J\u001b[Hfake line\nanswer: 42\u009b31m" },
  },
];
