import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProgramCache, programCacheKey } from "../../src/agent/program-cache.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

describe("program cache", () => {
  const folderForTest = useTemporaryFolder({ prefix: "viper-cache-", per: "test" });

  it("keys on the question (case and spacing folded), the planner and the API version", () => {
    const base = { question: "How many foo?", plannerId: "openai:gpt-4o-mini", apiVersion: "v1" };
    expect(programCacheKey(base)).toBe(programCacheKey({ ...base, question: "  how   many FOO? " }));
    expect(programCacheKey(base)).not.toBe(programCacheKey({ ...base, question: "How many bar?" }));
    expect(programCacheKey(base)).not.toBe(programCacheKey({ ...base, plannerId: "ollama:llama3.1" }));
    expect(programCacheKey(base)).not.toBe(programCacheKey({ ...base, apiVersion: "v2" }));
  });

  it("evicts the least recently used program past maxEntries", async () => {
    const cache = createProgramCache({ maxEntries: 2 });
    await cache.set("a", "A");
    await cache.set("b", "B");
    expect(await cache.get("a")).toBe("A");
    await cache.set("c", "C");
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("a")).toBe("A");
    expect(await cache.get("c")).toBe("C");
  });

  it("persists to a folder, survives a new process's cache, and treats damaged entries as misses", async () => {
    const directory = folderForTest();
    await createProgramCache({ directory }).set("k", "program text");
    expect(await createProgramCache({ directory }).get("k")).toBe("program text");
    await writeFile(join(directory, "broken.json"), "{not json");
    expect(await createProgramCache({ directory }).get("broken")).toBeUndefined();
    await createProgramCache({ directory }).delete("k");
    expect(await createProgramCache({ directory }).get("k")).toBeUndefined();
    expect((await readdir(directory)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
