import { mkdir, open, readFile, truncate, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { ViperError, type ViperErrorCode } from "../errors/index.ts";

/** A JSON Lines file of records opened for appending, with the records a previous run already wrote. */
export interface RecordsFile<T> {
  readonly path: string;
  /** Records already in the file, the first one per key. */
  readonly previous: ReadonlyMap<string, T>;
  /** Appends one record as one line; appends are written in call order. */
  append(record: T): Promise<void>;
  /** Waits for pending appends and closes the file. */
  close(): Promise<void>;
}

/** Options for {@link openRecordsFile}. */
export interface OpenRecordsFileOptions {
  readonly path: string;
  /** The key of a parsed line when it is a record of this file, else undefined. */
  readonly keyOf: (value: unknown) => string | undefined;
  /** Names a record in messages, e.g. "evaluation record". */
  readonly recordName: string;
  /** Code of the error for an unreadable file or line. */
  readonly errorCode: ViperErrorCode;
  /** The option that names another file, for messages, e.g. "--out". */
  readonly outOption: string;
}

/**
 * Opens (or creates) a JSON Lines file of records, one per key, for a run that resumes: a last line cut
 * short by a crash is dropped, so its item runs again; any other line that is not a record is an error
 * naming the line.
 */
export async function openRecordsFile<T>(options: OpenRecordsFileOptions): Promise<RecordsFile<T>> {
  const { path } = options;
  await mkdir(dirname(path), { recursive: true });
  const previous = await readPrevious<T>(options);
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

async function readPrevious<T>(options: OpenRecordsFileOptions): Promise<Map<string, T>> {
  const { path, keyOf, recordName, errorCode, outOption } = options;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new ViperError({ code: errorCode, message: `Cannot read results file ${path}; check its permissions or choose another ${outOption}.`, details: { path }, cause: error });
  }
  const complete = text.lastIndexOf("\n") + 1;
  if (complete < text.length) await truncate(path, Buffer.byteLength(text.slice(0, complete)));
  const records = new Map<string, T>();
  text.slice(0, complete).split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const value = parseJson(line);
    const key = value === undefined ? undefined : keyOf(value);
    if (key === undefined) {
      throw new ViperError({
        code: errorCode,
        message: `Results file ${path}, line ${index + 1}, is not ${/^[aeiou]/i.test(recordName) ? "an" : "a"} ${recordName}; remove that line or choose another ${outOption}.`,
        details: { path, line: index + 1 },
      });
    }
    if (!records.has(key)) records.set(key, value as T);
  });
  return records;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
