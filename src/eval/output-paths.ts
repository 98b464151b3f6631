import { basename, dirname, join } from "node:path";

/** The files one evaluation writes. */
export interface EvalOutputPaths {
  /** One JSON record per question (JSONL), appended as questions are answered. */
  readonly results: string;
  /** What the results were made with (suite, data set identity, approach); checked when resuming. */
  readonly manifest: string;
  /** The summary as JSON. */
  readonly summary: string;
  /** Accuracy per ground-truth count (SVG), for suites with counting questions. */
  readonly countChart: string;
  /** Accuracy per question family (SVG). */
  readonly familyChart: string;
}

/**
 * Where an evaluation writes. With a folder: `results.jsonl`, `run.json`, `summary.json`,
 * `accuracy-by-count.svg`, `accuracy-by-family.svg` inside it. With a results file `name.jsonl`: that file
 * and `name.run.json`, `name.summary.json`, `name.accuracy-by-count.svg`, `name.accuracy-by-family.svg` beside it.
 */
export function evalOutputPaths(options: { outDir: string } | { resultsFile: string }): EvalOutputPaths {
  if ("outDir" in options) {
    const file = (name: string): string => join(options.outDir, name);
    return {
      results: file("results.jsonl"),
      manifest: file("run.json"),
      summary: file("summary.json"),
      countChart: file("accuracy-by-count.svg"),
      familyChart: file("accuracy-by-family.svg"),
    };
  }
  const stem = join(dirname(options.resultsFile), basename(options.resultsFile).replace(/\.jsonl?$/, ""));
  return {
    results: options.resultsFile,
    manifest: `${stem}.run.json`,
    summary: `${stem}.summary.json`,
    countChart: `${stem}.accuracy-by-count.svg`,
    familyChart: `${stem}.accuracy-by-family.svg`,
  };
}
