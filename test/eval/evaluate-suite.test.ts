import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import type { EvalSuite } from "../../src/eval/eval-question.ts";
import { evaluateSuite } from "../../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../../src/eval/output-paths.ts";
import { formatSummary } from "../../src/eval/summary-table.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { createFakeAnswerer } from "./fake-answerer.ts";

/** Twenty counting questions, counts 1..10 twice, on a tiny blank image. */
function countingSuite(seed = 1): EvalSuite {
  return {
    name: "fake-count",
    identity: { seed },
    questions: Array.from({ length: 20 }, (_, index) => ({
      id: `q${index}`,
      family: "count",
      question: `count ${1 + (index % 10)}`,
      expected: 1 + (index % 10),
      groundTruthCount: 1 + (index % 10),
      imageKey: `image-${index}`,
      loadImage: async () => ({ width: 1, height: 1, data: new Uint8Array(3) }),
    })),
  };
}

/** Right except on counts above 8, where it says one less (like a counter that misses a crowded object). */
const undercountsCrowds = createFakeAnswerer({
  reply: ({ question }) => {
    const count = Number(question.split(" ")[1]);
    return count > 8 ? count - 1 : count;
  },
});

const folder = useTemporaryFolder({ prefix: "viper-eval-suite-", per: "test" });

describe("evaluateSuite", () => {
  it("writes results, a summary per family and per count, and both charts", async () => {
    const paths = evalOutputPaths({ outDir: folder() });
    const { summary, charts } = await evaluateSuite({ suite: countingSuite(), answerer: undercountsCrowds, paths });
    expect(summary.overall).toMatchObject({ total: 20, correct: 16 });
    expect(summary.byCount.map((row) => [row.key, row.accuracy])).toEqual([
      ["1", 1], ["2", 1], ["3", 1], ["4", 1], ["5", 1], ["6", 1], ["7", 1], ["8", 1], ["9", 0], ["10", 0],
    ]);
    expect(JSON.parse(await readFile(paths.summary, "utf8"))).toMatchObject({ overall: { accuracy: 0.8 }, complete: true });
    expect(charts).toEqual([paths.countChart, paths.familyChart]);
    const chart = await readFile(paths.countChart, "utf8");
    expect(chart.startsWith("<svg")).toBe(true);
    expect(chart.match(/<rect x=/g)).toHaveLength(10);
    expect(chart).toContain("n=2");
    expect(formatSummary(summary)).toContain("overall: 80.0% (16/20)");
  });

  it("answers only the first --limit questions, and a larger limit later continues from there", async () => {
    const paths = evalOutputPaths({ resultsFile: join(folder(), "run.jsonl") });
    const first = await evaluateSuite({ suite: countingSuite(), answerer: undercountsCrowds, paths, limit: 5 });
    expect(first.run).toMatchObject({ answeredNow: 5, interrupted: false });
    const second = await evaluateSuite({ suite: countingSuite(), answerer: undercountsCrowds, paths, limit: 12 });
    expect(second.run).toMatchObject({ answeredNow: 7, resumed: 5 });
    expect(second.summary.overall.total).toBe(12);
    expect(paths.summary).toBe(join(folder(), "run.summary.json"));
  });

  it("refuses to resume results of another data set or approach, and --fresh starts over", async () => {
    const paths = evalOutputPaths({ outDir: folder() });
    await evaluateSuite({ suite: countingSuite(1), answerer: undercountsCrowds, paths, limit: 3 });
    const failure = await evaluateSuite({ suite: countingSuite(2), answerer: undercountsCrowds, paths }).catch((error: unknown) => error);
    expect(ViperError.hasCode(failure, "EVAL_INPUT")).toBe(true);
    expect((failure as Error).message).toContain("--fresh");
    const fresh = await evaluateSuite({ suite: countingSuite(2), answerer: undercountsCrowds, paths, fresh: true });
    expect(fresh.run).toMatchObject({ answeredNow: 20, resumed: 0 });
  });
});
