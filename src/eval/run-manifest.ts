import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ViperError, type ViperErrorCode } from "../errors/index.ts";

/** What a results file was made with. Resuming with anything else would mix incomparable answers. */
export interface RunManifest {
  readonly suite: string;
  /** The data set's identity (seed, size, files), see EvalSuite.identity. */
  readonly identity: Readonly<Record<string, string | number>>;
  /** How questions are answered, e.g. "program (rules)". */
  readonly approach: string;
}

/** Options for {@link claimManifest}. */
export interface ClaimManifestOptions {
  readonly path: string;
  readonly manifest: RunManifest;
  readonly resultsPath: string;
  /** Code of the error for a results file made otherwise. @defaultValue "EVAL_INPUT" */
  readonly errorCode?: ViperErrorCode;
  /** The options that choose another results file, for the message. @defaultValue "--out/--json" */
  readonly outOptions?: string;
  /** Names the kind of run in the message. @defaultValue "evaluation" */
  readonly runName?: string;
}

/**
 * Writes the manifest of a new results file, or checks that an existing one matches: a results file made
 * for another suite, data set or approach is an `EVAL_INPUT` error that says how to start afresh.
 */
export async function claimManifest(options: ClaimManifestOptions): Promise<void> {
  const { path, manifest, resultsPath, errorCode = "EVAL_INPUT", outOptions = "--out/--json", runName = "evaluation" } = options;
  const existing = await readManifest(path);
  if (existing !== undefined) {
    const wanted = JSON.stringify(canonical(manifest));
    if (JSON.stringify(canonical(existing)) !== wanted) {
      throw new ViperError({
        code: errorCode,
        message:
          `${resultsPath} holds results of another ${runName} (${describe(existing)}), not ${describe(manifest)}. ` +
          `Choose another ${outOptions}, or pass --fresh to replace them.`,
        details: { path, existing, wanted: manifest },
      });
    }
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(canonical(manifest), null, 2)}\n`);
}

async function readManifest(path: string): Promise<RunManifest | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as RunManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ViperError({ code: "EVAL_INPUT", message: `Cannot read ${path}: ${(error as Error).message}. Delete it or pass --fresh.`, details: { path }, cause: error });
  }
}

function canonical(manifest: RunManifest): RunManifest {
  const identity = Object.fromEntries(Object.entries(manifest.identity).sort(([a], [b]) => a.localeCompare(b)));
  return { suite: manifest.suite, identity, approach: manifest.approach };
}

function describe(manifest: RunManifest): string {
  const identity = Object.entries(manifest.identity).map(([key, value]) => `${key}=${value}`).join(", ");
  return `${manifest.suite}${identity ? ` [${identity}]` : ""}, ${manifest.approach}`;
}
