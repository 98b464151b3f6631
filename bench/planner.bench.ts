/**
 * Planner-side work per question: building the prompt, extracting the program from a model's answer and
 * type-checking it with the warm LanguageService (plus the rule planner's own planning). No model and no
 * sandbox: this is the overhead viper-ts adds around whatever the chat model takes.
 *
 *   bash scripts/with-node.sh node --no-node-snapshot bench/planner.bench.ts
 *
 * Environment: PLANNER_BENCH_QUESTIONS (questions, default 400).
 */
import { extractProgram } from "../src/agent/extract-program.ts";
import { ProgramChecker } from "../src/agent/program-checker.ts";
import { buildPlannerPrompt } from "../src/agent/prompt.ts";
import { createRulePlanner } from "../src/agent/rule-planner.ts";
import { generateComposeQuestions } from "../src/datasets/compose-questions.ts";
import { generateComposeScene } from "../src/datasets/compose-scene.ts";

const questionCount = Number(process.env.PLANNER_BENCH_QUESTIONS ?? 400);

// Real questions and programs: the compositional suite's templates, planned by the rule planner, wrapped
// in prose and a fence the way chat models answer.
const questions: string[] = [];
for (let seed = 1; questions.length < questionCount; seed++) {
  const scene = await generateComposeScene({ seed });
  for (const question of generateComposeQuestions({ scene, count: 7 })) questions.push(question.question);
}
questions.length = questionCount;
const planner = createRulePlanner();
const answers = await Promise.all(
  questions.map(async (question) => `Sure! Here is the program:\n\n\`\`\`ts\n${await planner.plan({ question })}\`\`\`\n\nIt answers "${question}".`),
);

const checker = new ProgramChecker();
const coldStart = performance.now();
buildPlannerPrompt({ question: "warm-up" });
checker.diagnose(extractProgram(answers[0]!));
const coldMs = performance.now() - coldStart;

const stages = {
  prompt: [] as number[],
  extract: [] as number[],
  check: [] as number[],
  rules: [] as number[],
  total: [] as number[],
  // CPU time of the same work: on a shared, loaded machine wall time includes waiting for a core.
  totalCpu: [] as number[],
};
for (let index = 0; index < questions.length; index++) {
  const question = questions[index]!;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  buildPlannerPrompt({ question });
  const prompted = performance.now();
  const program = extractProgram(answers[index]!);
  const extracted = performance.now();
  const diagnostics = checker.diagnose(program);
  const checked = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  stages.totalCpu.push((cpu.user + cpu.system) / 1000);
  if (diagnostics.length > 0) throw new Error(`unexpected diagnostics for "${question}": ${JSON.stringify(diagnostics)}`);
  await planner.plan({ question });
  stages.rules.push(performance.now() - checked);
  stages.prompt.push(prompted - start);
  stages.extract.push(extracted - prompted);
  stages.check.push(checked - extracted);
  stages.total.push(checked - start);
}
checker.dispose();

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
const rows = [
  "| stage (per question, warm) | min | median | p90 | p99 | max |",
  "|---|---|---|---|---|---|",
  ...Object.entries({ "build prompt": stages.prompt, "extract program": stages.extract, "type-check": stages.check, "prompt + extract + check": stages.total, "prompt + extract + check, CPU time": stages.totalCpu, "rule planner (plan)": stages.rules }).map(
    ([name, values]) => `| ${name} | ${ms(Math.min(...values))} | ${ms(quantile(values, 0.5))} | ${ms(quantile(values, 0.9))} | ${ms(quantile(values, 0.99))} | ${ms(Math.max(...values))} |`,
  ),
];
const load = (await import("node:os")).loadavg()[0]!.toFixed(1);
process.stdout.write(`${questions.length} questions, load average ${load}; cold start (first prompt + check, loads the ES2023 lib): ${ms(coldMs)}\n\n${rows.join("\n")}\n`);
