/**
 * The planner's costs, in two parts.
 *
 * 1. Planner-side work per question on the language-model path: the capability view, building the prompt,
 *    extracting the program from a model's answer and checking it (types, await mistakes, capabilities)
 *    with the warm LanguageService. No model and no sandbox: the overhead viper-ts adds around whatever
 *    the chat model takes. Target: at most 30 ms warm.
 * 2. Whole-process `viper ask` with the rule planner against `viper run` of the same program, back to
 *    back (bench/side-by-side.ts), so both see the same machine load. Target: ask at most 1.25 × run.
 *
 *   npm run bench planner                                                    (through bench/run.ts)
 *   bash scripts/with-node.sh node --no-node-snapshot bench/planner.bench.ts (prints the full tables)
 *
 * Environment: PLANNER_BENCH_QUESTIONS (questions for part 1, default 400), PLANNER_BENCH_PROCESS_PAIRS
 * (ask/run pairs for part 2, default 10), VIPER_MODELS_DIR (as for the CLI).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeCapabilities } from "../src/agent/capabilities/capability-view.ts";
import { extractProgram } from "../src/agent/extract-program.ts";
import { ProgramChecker } from "../src/agent/program-checker.ts";
import { buildPlannerPrompt } from "../src/agent/prompt.ts";
import { createRulePlanner } from "../src/agent/rule-planner.ts";
import { generateComposeQuestions } from "../src/datasets/compose-questions.ts";
import { generateComposeScene } from "../src/datasets/compose-scene.ts";
import { classifyScene, createPixelBackends } from "../src/mllm/pixels/index.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { sideBySide } from "./side-by-side.ts";

const TARGET_WARM_MS = 30;
const TARGET_ASK_OVER_RUN = 1.25;
const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const PROCESS_IMAGE = fileURLToPath(new URL("../examples/images/shapes.png", import.meta.url));
const PROCESS_QUESTION = "How many red circles are there?";

interface Measurements {
  readonly questions: number;
  readonly coldMs: number;
  readonly stages: Readonly<Record<"view" | "prompt" | "extract" | "check" | "total" | "totalCpu" | "rules", number[]>>;
}

/** Real questions (the compositional suite's templates) and model-style answers for them. */
async function workload(size: number): Promise<{ questions: string[]; answers: string[] }> {
  const questions: string[] = [];
  for (let seed = 1; questions.length < size; seed++) {
    const scene = await generateComposeScene({ seed });
    for (const question of generateComposeQuestions({ scene, count: 12 })) questions.push(question.question);
  }
  questions.length = size;
  const planner = createRulePlanner();
  const answers = await Promise.all(
    questions.map(async (question) => `Sure! Here is the program:\n\n\`\`\`ts\n${await planner.plan({ question })}\`\`\`\n\nIt answers "${question}".`),
  );
  return { questions, answers };
}

async function measure(size: number): Promise<Measurements> {
  const { questions, answers } = await workload(size);
  const planner = createRulePlanner();
  const pixels = createPixelBackends();
  const perception = { classifyScene, detectors: [pixels.detector], visualQA: [pixels.visualQA], scorers: [pixels.scorer] };
  const checker = new ProgramChecker();
  const coldStart = performance.now();
  const warmUpView = describeCapabilities({ perception, scene: "plain" });
  buildPlannerPrompt({ question: "warm-up", capabilities: warmUpView });
  checker.diagnose(extractProgram(answers[0]!), { capabilities: warmUpView });
  const coldMs = performance.now() - coldStart;
  const stages = { view: [] as number[], prompt: [] as number[], extract: [] as number[], check: [] as number[], total: [] as number[], totalCpu: [] as number[], rules: [] as number[] };
  for (let index = 0; index < questions.length; index++) {
    const question = questions[index]!;
    // CPU time of the same work: on a shared, loaded machine wall time includes waiting for a core.
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const capabilities = describeCapabilities({ perception, scene: "plain" });
    const viewed = performance.now();
    buildPlannerPrompt({ question, capabilities });
    const prompted = performance.now();
    const program = extractProgram(answers[index]!);
    const extracted = performance.now();
    const diagnostics = checker.diagnose(program, { capabilities });
    const checked = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    if (diagnostics.length > 0) throw new Error(`unexpected diagnostics for "${question}": ${JSON.stringify(diagnostics)}`);
    await planner.plan({ question });
    stages.rules.push(performance.now() - checked);
    stages.view.push(viewed - start);
    stages.prompt.push(prompted - viewed);
    stages.extract.push(extracted - prompted);
    stages.check.push(checked - extracted);
    stages.total.push(checked - start);
    stages.totalCpu.push((cpu.user + cpu.system) / 1000);
  }
  checker.dispose();
  return { questions: questions.length, coldMs, stages };
}

/** Wall time of `node <CLI> <args>` as a new process, as a user's shell would start it (bin/viper.js adds one more hop for both). */
async function timeCli(args: readonly string[]): Promise<number> {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--no-node-snapshot", "--disable-warning=ExperimentalWarning", CLI, ...args], { encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`viper ${args[0]} failed (${result.status}): ${result.stderr}`);
  return elapsed;
}

/** `viper ask` (rule planner) and `viper run` of the program it writes, side by side; the ratio has the 1.25 target. */
async function measureProcesses(pairs: number): Promise<BenchMetric[]> {
  const program = await createRulePlanner().plan({ question: PROCESS_QUESTION });
  const folder = mkdtempSync(join(tmpdir(), "viper-planner-bench-"));
  try {
    const programPath = join(folder, "program.ts");
    writeFileSync(programPath, program);
    const metrics = await sideBySide({
      name: "whole process",
      baseline: { label: "viper run (the rule planner's program)", measureMs: () => timeCli(["run", PROCESS_IMAGE, programPath]) },
      candidate: { label: "viper ask (rule planner)", measureMs: () => timeCli(["ask", PROCESS_IMAGE, PROCESS_QUESTION]) },
      repeats: pairs,
    });
    return metrics.map((metric) => (metric.unit === "ratio" ? { ...metric, targetMax: TARGET_ASK_OVER_RUN } : metric));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The planner benchmark for bench/run.ts. */
export async function run(): Promise<BenchResult> {
  const { questions, coldMs, stages } = await measure(Number(process.env.PLANNER_BENCH_QUESTIONS ?? 400));
  const pairs = Number(process.env.PLANNER_BENCH_PROCESS_PAIRS ?? 10);
  const processMetrics = await measureProcesses(pairs);
  return {
    metrics: [
      { name: "view + prompt + extract + check per question, median (warm)", value: quantile(stages.total, 0.5), unit: "ms", targetMax: TARGET_WARM_MS },
      { name: "view + prompt + extract + check per question, p90 (warm)", value: quantile(stages.total, 0.9), unit: "ms", targetMax: TARGET_WARM_MS },
      { name: "view + prompt + extract + check per question, CPU time p90", value: quantile(stages.totalCpu, 0.9), unit: "ms", targetMax: TARGET_WARM_MS },
      { name: "check (types, await mistakes, capabilities) per question, median (warm)", value: quantile(stages.check, 0.5), unit: "ms" },
      { name: "rule planner plan() per question, median", value: quantile(stages.rules, 0.5), unit: "ms" },
      { name: "cold start (first view + prompt + check)", value: coldMs, unit: "ms" },
      ...processMetrics,
    ],
    notes: [
      `${questions} questions from the compositional suite's templates; each answer is its rule-planner program wrapped in prose and a ts fence, as chat models answer. Pixel-analysis capability view of a plain scene, one ProgramChecker (warm LanguageService), no model, no sandbox.`,
      `${pairs} pairs of new processes on examples/images/shapes.png: \`viper ask ... "${PROCESS_QUESTION}"\` (rule planner, offline default perception) and \`viper run\` of the program it writes, back to back (bench/side-by-side.ts); the ratio is the median of the pairs' ratios. The rule planner's programs are trusted (every template is type-checked by a test), so ask loads neither TypeScript nor LangChain.`,
    ],
  };
}

if (import.meta.main) {
  const { questions, coldMs, stages } = await measure(Number(process.env.PLANNER_BENCH_QUESTIONS ?? 400));
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const named: Record<string, number[]> = {
    "capability view": stages.view,
    "build prompt": stages.prompt,
    "extract program": stages.extract,
    "check (types, await, capabilities)": stages.check,
    "view + prompt + extract + check": stages.total,
    "view + prompt + extract + check, CPU time": stages.totalCpu,
    "rule planner (plan)": stages.rules,
  };
  const table = (rows: Record<string, number[]>) =>
    Object.entries(rows)
      .map(([name, values]) => `| ${name} | ${ms(Math.min(...values))} | ${ms(quantile(values, 0.5))} | ${ms(quantile(values, 0.9))} | ${ms(quantile(values, 0.99))} | ${ms(Math.max(...values))} |`)
      .join("\n");
  process.stdout.write(
    `${questions} questions, load average ${loadavg()[0]!.toFixed(1)}; cold start (first view + prompt + check): ${ms(coldMs)}\n\n` +
      `| stage (per question, warm) | min | median | p90 | p99 | max |\n|---|---|---|---|---|---|\n${table(named)}\n`,
  );
  const pairs = Number(process.env.PLANNER_BENCH_PROCESS_PAIRS ?? 10);
  const processMetrics = await measureProcesses(pairs);
  process.stdout.write(
    `\n${pairs} ask/run pairs, load average ${loadavg()[0]!.toFixed(1)}\n\n| whole process | median |\n|---|---|\n` +
      processMetrics.map((metric) => `| ${metric.name} | ${metric.unit === "ratio" ? metric.value.toFixed(2) : ms(metric.value)} |`).join("\n") +
      "\n",
  );
}
