/**
 * Planner-side work per question: building the prompt, extracting the program from a model's answer and
 * type-checking it with the warm LanguageService (plus the rule planner's own planning). No model and no
 * sandbox: this is the overhead viper-ts adds around whatever the chat model takes.
 *
 *   npm run bench planner                                                    (through bench/run.ts)
 *   bash scripts/with-node.sh node --no-node-snapshot bench/planner.bench.ts (prints the full table)
 *
 * Environment: PLANNER_BENCH_QUESTIONS (questions, default 400).
 */
import { loadavg } from "node:os";
import { extractProgram } from "../src/agent/extract-program.ts";
import { ProgramChecker } from "../src/agent/program-checker.ts";
import { buildPlannerPrompt } from "../src/agent/prompt.ts";
import { createRulePlanner } from "../src/agent/rule-planner.ts";
import { generateComposeQuestions } from "../src/datasets/compose-questions.ts";
import { generateComposeScene } from "../src/datasets/compose-scene.ts";
import type { BenchResult } from "./run.ts";

const TARGET_WARM_MS = 30;

interface Measurements {
  readonly questions: number;
  readonly coldMs: number;
  readonly stages: Readonly<Record<"prompt" | "extract" | "check" | "total" | "totalCpu" | "rules", number[]>>;
}

/** Real questions (the compositional suite's templates) and model-style answers for them. */
async function workload(size: number): Promise<{ questions: string[]; answers: string[] }> {
  const questions: string[] = [];
  for (let seed = 1; questions.length < size; seed++) {
    const scene = await generateComposeScene({ seed });
    for (const question of generateComposeQuestions({ scene, count: 7 })) questions.push(question.question);
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
  const checker = new ProgramChecker();
  const coldStart = performance.now();
  buildPlannerPrompt({ question: "warm-up" });
  checker.diagnose(extractProgram(answers[0]!));
  const coldMs = performance.now() - coldStart;
  const stages = { prompt: [] as number[], extract: [] as number[], check: [] as number[], total: [] as number[], totalCpu: [] as number[], rules: [] as number[] };
  for (let index = 0; index < questions.length; index++) {
    const question = questions[index]!;
    // CPU time of the same work: on a shared, loaded machine wall time includes waiting for a core.
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    buildPlannerPrompt({ question });
    const prompted = performance.now();
    const program = extractProgram(answers[index]!);
    const extracted = performance.now();
    const diagnostics = checker.diagnose(program);
    const checked = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    if (diagnostics.length > 0) throw new Error(`unexpected diagnostics for "${question}": ${JSON.stringify(diagnostics)}`);
    await planner.plan({ question });
    stages.rules.push(performance.now() - checked);
    stages.prompt.push(prompted - start);
    stages.extract.push(extracted - prompted);
    stages.check.push(checked - extracted);
    stages.total.push(checked - start);
    stages.totalCpu.push((cpu.user + cpu.system) / 1000);
  }
  checker.dispose();
  return { questions: questions.length, coldMs, stages };
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The planner benchmark for bench/run.ts: warm per-question figures against the 30 ms target. */
export async function run(): Promise<BenchResult> {
  const { questions, coldMs, stages } = await measure(Number(process.env.PLANNER_BENCH_QUESTIONS ?? 400));
  return {
    metrics: [
      { name: "prompt + extract + check per question, median (warm)", value: quantile(stages.total, 0.5), unit: "ms", targetMax: TARGET_WARM_MS },
      { name: "prompt + extract + check per question, p90 (warm)", value: quantile(stages.total, 0.9), unit: "ms", targetMax: TARGET_WARM_MS },
      { name: "prompt + extract + check per question, CPU time p90", value: quantile(stages.totalCpu, 0.9), unit: "ms", targetMax: TARGET_WARM_MS },
      { name: "type-check per question, median (warm)", value: quantile(stages.check, 0.5), unit: "ms" },
      { name: "rule planner plan() per question, median", value: quantile(stages.rules, 0.5), unit: "ms" },
      { name: "cold start (first prompt + first check)", value: coldMs, unit: "ms" },
    ],
    notes: [
      `${questions} questions from the compositional suite's templates; each answer is its rule-planner program wrapped in prose and a ts fence, as chat models answer. One ProgramChecker (warm LanguageService), no model, no sandbox.`,
      "Cold start reads the API declaration and parses and binds lib.es2023; later checks reuse them and only re-check the program.",
    ],
  };
}

if (import.meta.main) {
  const { questions, coldMs, stages } = await measure(Number(process.env.PLANNER_BENCH_QUESTIONS ?? 400));
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const named: Record<string, number[]> = {
    "build prompt": stages.prompt,
    "extract program": stages.extract,
    "type-check": stages.check,
    "prompt + extract + check": stages.total,
    "prompt + extract + check, CPU time": stages.totalCpu,
    "rule planner (plan)": stages.rules,
  };
  const rows = Object.entries(named).map(
    ([name, values]) =>
      `| ${name} | ${ms(Math.min(...values))} | ${ms(quantile(values, 0.5))} | ${ms(quantile(values, 0.9))} | ${ms(quantile(values, 0.99))} | ${ms(Math.max(...values))} |`,
  );
  process.stdout.write(
    `${questions} questions, load average ${loadavg()[0]!.toFixed(1)}; cold start (first prompt + check): ${ms(coldMs)}\n\n` +
      `| stage (per question, warm) | min | median | p90 | p99 | max |\n|---|---|---|---|---|---|\n${rows.join("\n")}\n`,
  );
}
