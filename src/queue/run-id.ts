import { createHash } from "node:crypto";
import { resolve } from "node:path";

/**
 * The run id of an evaluation: a hash of what it computes (suite, data-set identity, approach) and where
 * its results go, so the same command resumes the same run and two different evaluations never share one.
 */
export function evalRunId(options: { suite: string; identity: Readonly<Record<string, string | number>>; approach: string; resultsPath: string }): string {
  const identity = Object.fromEntries(Object.entries(options.identity).sort(([a], [b]) => a.localeCompare(b)));
  return `eval-${digest({ suite: options.suite, identity, approach: options.approach, results: resolve(options.resultsPath) })}`;
}

/** The run id of a batch run: a hash of its pictures' folder or list, its program and its results file. */
export function batchRunId(options: { images: string; program: string; resultsPath: string }): string {
  return `batch-${digest({ images: resolve(options.images), program: sha256(options.program), results: resolve(options.resultsPath) })}`;
}

/** SHA-256 of a text, in hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function digest(value: object): string {
  return sha256(JSON.stringify(value)).slice(0, 16);
}
