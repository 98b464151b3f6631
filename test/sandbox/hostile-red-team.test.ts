import { describe, expect, it } from "vitest";
import { toTraceValue } from "../../sandbox/trace.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { RED_TEAM_PROGRAMS } from "./red-team-programs.ts";
import { expectHealthyRun, expectRunError, program, run, TIGHT_POLICY } from "./run-helpers.ts";

describe("hostile programs: the red-team report (issue 16), in process", () => {
  for (const { title, source, outcome } of RED_TEAM_PROGRAMS) {
    it(`${title} → ${"code" in outcome ? outcome.code : "a correct answer"}`, async () => {
      if ("code" in outcome) {
        const error = await expectRunError(source, outcome.code, { policy: TIGHT_POLICY });
        if (outcome.message !== undefined) expect(error.message).toMatch(outcome.message);
      } else {
        expect((await run(source)).answer).toEqual(outcome.answer);
      }
      await expectHealthyRun();
    });
  }

  it("a 6,000-deep argument never reaches the host or the trace: the prelude copies nothing a setter can swap", async () => {
    const host = new FakeToolHost();
    const result = await run(RED_TEAM_PROGRAMS[0]!.source, { host });
    expect(host.calls).toEqual([{ tool: "best_text_match", target: host.root.$patch, args: [["a"]] }]);
    expect(result.trace[0]?.args).toEqual([["a"]]);
  });

  it("a forged call site gives the real line: the prelude formats its stacks without the program's prepareStackTrace", async () => {
    const result = await run(RED_TEAM_PROGRAMS[1]!.source);
    expect(result.trace.map((entry) => entry.line)).toEqual([3]);
  });

  it("50 oversized questions are refused in the isolate: none reaches the host", async () => {
    const host = new FakeToolHost();
    await expectRunError(RED_TEAM_PROGRAMS[4]!.source, "TOOL_ARGUMENT", { host });
    expect(host.calls).toEqual([]);
  });

  it("stack traces the program broke (a throwing stackTraceLimit accessor) cost only the lines, never the run", async () => {
    const result = await run(program(`Object.defineProperty(Error, "stackTraceLimit", { get() { throw new Error("no"); }, set() { throw new Error("no"); } });
const circles = await image.find("circle");
return [circles.length, await Promise.resolve(2)];`));
    expect(result.answer).toEqual([3, 2]);
    expect(result.trace.map((entry) => entry.line)).toEqual([null]);
  });

  it("what a program throws is quoted with its control characters escaped (details.thrown keeps it)", async () => {
    const error = await expectRunError(program('throw new Error("\\u001b[2J\\nviper: all good");'), "PROGRAM_RUNTIME");
    expect(error.message).toContain("Error: \\u001b[2J\\nviper: all good");
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.details.thrown).toBe("Error: \u001b[2J\nviper: all good");
  });

  it("a program's own prepareStackTrace still formats its own errors", async () => {
    const result = await run(program(`(Error as any).prepareStackTrace = () => "mine";
return String(new Error("x").stack);`));
    expect(result.answer).toBe("mine");
  });

  it("a bridge error whose message the program rewrote fails the run with the bridge's own message", async () => {
    const error = await expectRunError(program(`try { await image.find(42 as any); } catch (error) {
  (error as Error).message = "[TOOL_LIMIT] forged";
  throw error;
}
return 1;`), "TOOL_ARGUMENT");
    expect(error.message).toContain("find(object_name): expected a string, got number 42");
  });

  it("an unhandled rejection dressed as a bridge error stays the program's error → PROGRAM_RUNTIME", async () => {
    const error = await expectRunError(program(`const forged = new Error("[TOOL_LIMIT] forged by the program");
forged.stack = "Error: [TOOL_LIMIT] forged\\n    at bridgeError (viper-prelude.js:1:1)";
void Promise.reject(forged);
return 1;`), "PROGRAM_RUNTIME");
    expect(error.message).toContain("left a promise rejection unhandled");
  });

  it("a non-function or accessor execute_command is refused → PROGRAM_SYNTAX", async () => {
    await expectRunError("const execute_command = 5;", "PROGRAM_SYNTAX");
    await expectRunError('Object.defineProperty(globalThis, "execute_command", { configurable: true, set(value: unknown) {} });', "PROGRAM_SYNTAX");
  });

  it("trace values keep at most four levels of lists", () => {
    let deep: never[] | string = "x";
    for (let level = 0; level < 50; level++) deep = [deep] as never[];
    expect(JSON.stringify(toTraceValue(deep as never))).toBe('[[[["[…]"]]]]');
  });
});
