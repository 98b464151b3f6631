import { expect, it } from "vitest";
import { ViperError, type ViperErrorCode } from "../../src/errors/index.ts";
import { runProgram, type ProgramRun, type SandboxPolicy, type ToolHost } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";

/** Small limits so hostile programs fail fast. */
export const TIGHT_POLICY: Partial<SandboxPolicy> = { wallTimeoutMs: 1_500, cpuTimeMs: 300, memoryLimitMb: 16, maxToolCalls: 200 };

/** Runs `source` against a fresh FakeToolHost (or `host`). */
export function run(source: string, options: { host?: ToolHost; policy?: Partial<SandboxPolicy> } = {}): Promise<ProgramRun> {
  return runProgram({ source, host: options.host ?? new FakeToolHost(), policy: options.policy ?? TIGHT_POLICY });
}

/** Runs `source`, expects a ViperError with `code` within `withinMs`, and returns it. */
export async function expectRunError(
  source: string,
  code: ViperErrorCode,
  options: { host?: ToolHost; policy?: Partial<SandboxPolicy>; withinMs?: number } = {},
): Promise<ViperError> {
  const startedMs = performance.now();
  const error = await run(source, options).then(
    (result) => {
      throw new Error(`expected ${code}, but the run answered ${JSON.stringify(result.answer)}`);
    },
    (thrown: unknown) => thrown,
  );
  expect(ViperError.isInstance(error) ? `${error.code}: ${error.message}` : String(error)).toMatch(new RegExp(`^${code}:`));
  expect(performance.now() - startedMs).toBeLessThan(options.withinMs ?? 5_000);
  return error as ViperError;
}

/** A normal program still runs correctly (the host is healthy after whatever ran before). */
export async function expectHealthyRun(): Promise<void> {
  const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return (await image.find("circle")).length;
}`);
  expect(result.answer).toBe(3);
}

/** A program whose execute_command body is `body`. */
export function program(body: string): string {
  return `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body}\n}`;
}

/** Declares a test: the program fails with `code` in bounded time, then a normal run still succeeds. */
export function hostile(
  title: string,
  source: string,
  code: ViperErrorCode,
  options: { policy?: Partial<SandboxPolicy>; withinMs?: number; message?: RegExp; host?: () => FakeToolHost } = {},
): void {
  it(`${title} → ${code}`, async () => {
    const error = await expectRunError(source, code, {
      policy: options.policy ?? TIGHT_POLICY,
      withinMs: options.withinMs ?? 3_000,
      ...(options.host === undefined ? {} : { host: options.host() }),
    });
    if (options.message !== undefined) expect(error.message).toMatch(options.message);
    await expectHealthyRun();
  });
}
