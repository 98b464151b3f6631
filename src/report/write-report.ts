import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ViperError } from "../errors/index.ts";
import { renderEvalReport, type EvalReportInput } from "./eval-report.ts";
import { renderRunReport } from "./run-report.ts";
import type { RunReportInput } from "./run-report-input.ts";

/** Renders a run's report and writes it to `path` (an .html file; missing folders are created). */
export async function writeRunReport(path: string, input: RunReportInput): Promise<void> {
  await writeHtml(path, await renderRunReport(input));
}

/** Renders an evaluation's report and writes it to `path` (an .html file; missing folders are created). */
export async function writeEvalReport(path: string, input: EvalReportInput): Promise<void> {
  await writeHtml(path, await renderEvalReport(input));
}

async function writeHtml(path: string, html: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, html);
  } catch (error) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `Cannot write the report to ${path}: ${error instanceof Error ? error.message : String(error)}. Give --report a writable file path.`,
      details: { path },
      cause: error,
    });
  }
}
