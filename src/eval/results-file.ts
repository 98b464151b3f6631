import { mkdir, open, readFile, truncate, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { ViperError } from "../errors/index.ts";
import type { EvalRecord } from "./eval-record.ts";

/** A results file opened for appending, with the records a previous run already wrote. */
export interface ResultsFile {
  readonly path: string;
  /** Records already in the file, first one per id. */
  readonly previous: ReadonlyMap<string, EvalRecord>;
  /** Appends one record as one line; appends are written in call order. */
  append(record: EvalRecord): Promise<void>;
  /** Waits for pending appends and closes the file. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) a JSONL results file. A last line cut short by a crash is dropped, so its question
 * runs again; any other line that is not a record is an `EVAL_INPUT` error naming the line.
 */
export async function openResultsFile(path: string): Promise<ResultsFile> {
  await mkdir(dirname(path), { recursive: true });
  const previous = await readPrevious(path);
  const handle: FileHandle = await open(path, "a");
  let pending: Promise<void> = Promise.resolve();
  return {
    path,
    previous,
    append(record) {
      const line = `${JSON.stringify(record)}\n`;
      pending = pending.then(async () => {
        await handle.write(line);
      });
      return pending;
    },
    async close() {
      await pending.catch(() => undefined);
      await handle.close();
    },
  };
}

async function readPrevious(path: string): Promise<Map<string, EvalRecord>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new ViperError({ code: "EVAL_INPUT", message: `Cannot read results file ${path}; check its permissions or choose another --out.`, details: { path }, cause: error });
  }
  const complete = text.lastIndexOf("\n") + 1;
  if (complete < text.length) await truncate(path, Buffer.byteLength(text.slice(0, complete)));
  const records = new Map<string, EvalRecord>();
  text.slice(0, complete).split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const record = parseRecord(line);
    if (record === undefined) {
      throw new ViperError({
        code: "EVAL_INPUT",
        message: `Results file ${path}, line ${index + 1}, is not an evaluation record; remove that line or choose another --out.`,
        details: { path, line: index + 1 },
      });
    }
    if (!records.has(record.id)) records.set(record.id, record);
  });
  return records;
}

function parseRecord(line: string): EvalRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as Partial<EvalRecord>;
    return typeof record.id === "string" && typeof record.correct === "boolean" ? (record as EvalRecord) : undefined;
  } catch {
    return undefined;
  }
}
