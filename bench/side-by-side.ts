import type { BenchMetric } from "./run.ts";

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** How long `work` takes, in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const startedMs = performance.now();
  await work();
  return performance.now() - startedMs;
}

/** One side of a comparison: a label for the figures and one measurement in milliseconds. */
export interface Contender {
  readonly label: string;
  measureMs(): Promise<number>;
}

/** Options for {@link sideBySide}. */
export interface SideBySideOptions {
  /** Prefix of the metric names. */
  readonly name: string;
  readonly baseline: Contender;
  readonly candidate: Contender;
  readonly repeats: number;
}

/**
 * Measures two contenders alternately, run by run, so machine load hits both alike, after one warm-up
 * each. Gives both medians and the candidate / baseline ratio, the median over back-to-back pairs' ratios
 * (which a slow drift in machine load affects least).
 */
export async function sideBySide({ name, baseline, candidate, repeats }: SideBySideOptions): Promise<BenchMetric[]> {
  await candidate.measureMs();
  await baseline.measureMs();
  const candidateMs: number[] = [];
  const baselineMs: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    candidateMs.push(await candidate.measureMs());
    baselineMs.push(await baseline.measureMs());
  }
  const pairRatios = candidateMs.map((candidateRun, index) => candidateRun / baselineMs[index]!);
  return [
    { name: `${name}: ${baseline.label}`, value: median(baselineMs), unit: "ms" },
    { name: `${name}: ${candidate.label}`, value: median(candidateMs), unit: "ms" },
    { name: `${name}: ${candidate.label} / ${baseline.label}`, value: median(pairRatios), unit: "ratio" },
  ];
}
