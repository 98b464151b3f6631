import { ViperError } from "../../errors/index.ts";

/** One problem the checker found, with a 1-based line and column in the program. */
export interface ProgramDiagnostic {
  readonly line: number;
  readonly column: number;
  /** What is wrong and how to fix it, written for the model that wrote the program. */
  readonly message: string;
  /** TypeScript's diagnostic code, e.g. 2339 (property does not exist); 0 for viper-ts's own checks. */
  readonly code: number;
  /**
   * "syntax" and "type": TypeScript's; "async": an await mistake TypeScript lets through; "capability":
   * a call this set-up's back-ends cannot serve.
   */
  readonly kind: "syntax" | "type" | "async" | "capability";
  /** For a person, on capability problems: what to configure so the program could run as written. */
  readonly advice?: string;
}

/** The error `ProgramChecker.check` throws for these diagnostics (at least one). */
export function checkError(source: string, diagnostics: readonly ProgramDiagnostic[]): ViperError {
  const syntax = diagnostics.some((diagnostic) => diagnostic.kind === "syntax");
  const typing = diagnostics.some((diagnostic) => diagnostic.kind !== "capability");
  const [code, problem] = syntax
    ? (["PROGRAM_SYNTAX", "does not parse"] as const)
    : typing
      ? (["PROGRAM_TYPE", "does not type-check against the ImagePatch API"] as const)
      : (["NO_BACKEND", "calls what no configured back-end can serve"] as const);
  return new ViperError({
    code,
    message: `The program ${problem}:\n${formatDiagnostics(source, diagnostics, "person")}`,
    details: { diagnostics, line: diagnostics[0]?.line },
  });
}

/**
 * Diagnostics as lines, `- line 3: message` each followed by the source line. For the model the messages
 * say what the API offers instead; for a person capability problems say what to configure.
 */
export function formatDiagnostics(source: string, diagnostics: readonly ProgramDiagnostic[], reader: "model" | "person"): string {
  const lines = source.split("\n");
  return diagnostics
    .map((diagnostic) => {
      const text = reader === "person" && diagnostic.advice !== undefined ? diagnostic.advice : diagnostic.message;
      return `- line ${diagnostic.line}: ${text}\n    ${(lines[diagnostic.line - 1] ?? "").trim()}`;
    })
    .join("\n");
}

