import { describe, expect, it } from "vitest";
import type { TraceEntry } from "../../sandbox/index.ts";
import { escapeHtml } from "../../src/report/html-escape.ts";
import { renderEvalReport, renderRunReport } from "../../src/report/index.ts";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { summarizeRecords } from "../../src/eval/summarize.ts";

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
const image = { width: 40, height: 30, data: new Uint8Array(40 * 30 * 3).fill(200) };

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});

describe("reports escape everything that comes from a run (programs are untrusted)", () => {
  const trace: TraceEntry[] = [
    {
      type: "tool-call", index: 0, tool: "find", target: { left: 0, lower: 0, right: 40, upper: 30 }, args: [HOSTILE],
      result: `"${HOSTILE}"`, resultValue: [{ left: 1, lower: 1, right: 10, upper: 10 }], startMs: 1, durationMs: 2, line: 2,
      error: { code: "NO_BACKEND", message: HOSTILE },
    },
  ];

  it("a run report holds no markup from the question, program, answer, trace or error", async () => {
    for (const error of [undefined, { code: HOSTILE, message: HOSTILE, details: { thrown: HOSTILE } }]) {
      const html = await renderRunReport({
        image, question: HOSTILE, program: `async function execute_command(image) {\n  return "${HOSTILE}";\n}`, answer: HOSTILE, trace, error,
        attempts: [{ program: HOSTILE, error: { code: HOSTILE, message: HOSTILE } }],
      });
      expect(html).not.toMatch(/<script|<img src=x|"\s*onerror/i);
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    }
  });

  it("an evaluation report holds no markup from the records", async () => {
    const record: EvalRecord = {
      id: HOSTILE, family: HOSTILE, question: HOSTILE, expected: HOSTILE, groundTruthCount: null, image: null, answer: HOSTILE,
      correct: false, program: HOSTILE, trace: { toolCalls: 1, tools: [HOSTILE] }, timings: { totalMs: 3 }, error: { code: HOSTILE, message: HOSTILE }, fallback: false,
    };
    const records = [record, { ...record, correct: true, error: null }];
    const summary = summarizeRecords({ suite: HOSTILE, approach: HOSTILE, records, answeredNow: 2, elapsedMs: 10, concurrency: 1 });
    const html = await renderEvalReport({ summary, records, traces: new Map([[HOSTILE, trace]]), charts: [`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`] });
    expect(html).not.toMatch(/<script|<img src=x|"\s*onerror/i);
  });

  it("forbids scripts and network requests in the page itself (Content-Security-Policy)", async () => {
    const html = await renderRunReport({ image, program: null, answer: 1 });
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
  });
});
