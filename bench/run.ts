import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename } from "node:path";

/** One measured figure. */
export interface BenchMetric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The figure passes when it is at most this. */
  readonly targetMax?: number;
}

/** What a bench file's `run()` returns. */
export interface BenchResult {
  readonly metrics: readonly BenchMetric[];
  /** How the figures were measured, in a sentence or two each. */
  readonly notes?: readonly string[];
}

/**
 * A bench file (`bench/<name>.bench.ts`) exports `run`. Returning a {@link BenchResult} gets a table
 * and target checks; any other JSON-serialisable record is written and printed as it is.
 */
export interface BenchModule {
  run(): Promise<BenchResult | Record<string, unknown>>;
}

function isBenchResult(result: unknown): result is BenchResult {
  return typeof result === "object" && result !== null && Array.isArray((result as { metrics?: unknown }).metrics);
}

/**
 * `npm run bench [filter]`: runs every bench/<name>.bench.ts whose name contains `filter`, writes
 * bench/results/<name>.json and prints a table. Adding a bench is dropping a file in bench/.
 */
async function main(): Promise<void> {
  const filter = process.argv[2] ?? "";
  const benchFolder = new URL("./", import.meta.url);
  const resultsFolder = new URL("./results/", import.meta.url);
  mkdirSync(resultsFolder, { recursive: true });
  const files = readdirSync(benchFolder).filter((file) => file.endsWith(".bench.ts")).sort();
  const selected = files.filter((file) => basename(file, ".bench.ts").includes(filter));
  if (selected.length === 0) {
    console.error(`No bench matches "${filter}". Benches: ${files.map((file) => basename(file, ".bench.ts")).join(", ")}.`);
    process.exitCode = 1;
    return;
  }
  let failures = 0;
  for (const file of selected) {
    const name = basename(file, ".bench.ts");
    console.log(`\n== ${name}`);
    const module = (await import(new URL(file, benchFolder).href)) as BenchModule;
    const result = await module.run();
    const record = {
      name,
      date: new Date().toISOString(),
      node: process.version,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", loadAverage1m: loadavg()[0] },
      ...result,
    };
    writeFileSync(new URL(`${name}.json`, resultsFolder), `${JSON.stringify(record, null, 2)}\n`);
    if (!isBenchResult(result)) {
      console.log(JSON.stringify(result, null, 2));
      continue;
    }
    console.table(result.metrics.map((metric) => ({
      metric: metric.name,
      value: Number(metric.value.toFixed(4)),
      unit: metric.unit,
      target: metric.targetMax === undefined ? "" : `<= ${metric.targetMax}`,
      ok: metric.targetMax === undefined ? "" : metric.value <= metric.targetMax ? "yes" : "NO",
    })));
    failures += result.metrics.filter((metric) => metric.targetMax !== undefined && metric.value > metric.targetMax).length;
    for (const note of result.notes ?? []) console.log(`- ${note}`);
  }
  console.log(`\n${failures === 0 ? "All targets met." : `${failures} figure(s) missed their target.`}`);
}

await main();
