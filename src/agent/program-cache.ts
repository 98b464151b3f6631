import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Programs that answered a question, keyed by {@link programCacheKey}. */
export interface ProgramCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, program: string): Promise<void>;
  /** Forgets a program (e.g. one that stopped working). */
  delete(key: string): Promise<void>;
}

/** Options for {@link createProgramCache}. */
export interface ProgramCacheOptions {
  /** Most programs kept in memory; the least recently used go first. @defaultValue 256 */
  maxEntries?: number;
  /** Folder for a persistent copy (one JSON file a program), read when memory misses. @defaultValue none (memory only) */
  directory?: string;
}

/**
 * The cache key: the question (case and spacing folded), the planner with its model, and the API version,
 * so a program is never reused for another model or for a changed API.
 */
export function programCacheKey({ question, plannerId, apiVersion }: { question: string; plannerId: string; apiVersion: string }): string {
  const folded = question.trim().replace(/\s+/g, " ").toLowerCase();
  return createHash("sha256").update(JSON.stringify([folded, plannerId, apiVersion])).digest("hex");
}

/** An in-memory LRU cache of programs, optionally backed by a folder on disk. */
export function createProgramCache({ maxEntries = 256, directory }: ProgramCacheOptions = {}): ProgramCache {
  const memory = new Map<string, string>();
  const remember = (key: string, program: string) => {
    memory.delete(key);
    memory.set(key, program);
    while (memory.size > maxEntries) memory.delete(memory.keys().next().value as string);
  };
  return {
    async get(key) {
      const program = memory.get(key) ?? (directory === undefined ? undefined : await readEntry(directory, key));
      if (program !== undefined) remember(key, program);
      return program;
    },
    async set(key, program) {
      remember(key, program);
      if (directory !== undefined) await writeEntry(directory, key, program);
    },
    async delete(key) {
      memory.delete(key);
      if (directory !== undefined) await writeEntry(directory, key, null);
    },
  };
}

async function readEntry(directory: string, key: string): Promise<string | undefined> {
  try {
    const entry = JSON.parse(await readFile(join(directory, `${key}.json`), "utf8")) as { program?: unknown };
    return typeof entry.program === "string" ? entry.program : undefined;
  } catch {
    // A missing or damaged entry is a miss: the planner writes the program again.
    return undefined;
  }
}

async function writeEntry(directory: string, key: string, program: string | null): Promise<void> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${key}.json`);
  // Write then rename, so a concurrent reader never sees half a file.
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, JSON.stringify({ program }));
  await rename(temporary, path);
}
