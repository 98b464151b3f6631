import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { ViperError } from "../errors/index.ts";
import { loadApiDeclaration } from "./api-declaration.ts";

/** One problem the checker found, with a 1-based line and column in the program. */
export interface ProgramDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** TypeScript's diagnostic code, e.g. 2339 (property does not exist). */
  readonly code: number;
  readonly kind: "syntax" | "type";
}

const LIB_FILE = "/viper/lib.es2023.d.ts";
const API_FILE = "/viper/image-patch.api.d.ts";
const PROGRAM_FILE = "/viper/program.ts";
const LIB_DIRECTORY = dirname(ts.getDefaultLibFilePath({ target: ts.ScriptTarget.ES2023 }));
/** Implicit-any complaints: style, not errors that would make the program fail. */
const IGNORED_CODES = new Set([7005, 7006, 7008, 7010, 7011, 7019, 7031, 7034]);
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  // The ES2023 library comes in as one file (LIB_FILE) instead of TypeScript's 61: the binder merges its
  // declarations once, so a check no longer re-merges them across files, which halves its cost.
  noLib: true,
  types: [],
  // noImplicitAny stays on (strict) because it gives `const found = []; found.push(patch)` an evolving
  // array type; its own complaints are dropped (IGNORED_CODES) since untyped helpers run fine.
  strict: true,
  noEmit: true,
  allowJs: false,
  isolatedModules: false,
};

/**
 * Type-checks programs against the ImagePatch API declaration with one warm TypeScript LanguageService
 * over a virtual file system: TypeScript's ES2023 library (no DOM, no Node types), the declaration as an
 * ambient file and the program. Checking bumps the program's version, so the library and the declaration
 * stay parsed and bound between checks. Checks are synchronous, so concurrent callers in one process
 * never interleave.
 */
export class ProgramChecker {
  private readonly service: ts.LanguageService;
  private readonly fixedSnapshots: ReadonlyMap<string, ts.IScriptSnapshot>;
  private programText = "";
  private programVersion = 0;

  constructor() {
    this.fixedSnapshots = new Map([
      [LIB_FILE, ts.ScriptSnapshot.fromString(es2023LibraryText())],
      [API_FILE, ts.ScriptSnapshot.fromString(loadApiDeclaration().text)],
    ]);
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => COMPILER_OPTIONS,
      getScriptFileNames: () => [LIB_FILE, API_FILE, PROGRAM_FILE],
      getScriptVersion: (fileName) => (fileName === PROGRAM_FILE ? String(this.programVersion) : "0"),
      getScriptSnapshot: (fileName) => this.snapshot(fileName),
      getCurrentDirectory: () => "/viper",
      getDefaultLibFileName: () => LIB_FILE,
      fileExists: (fileName) => this.snapshot(fileName) !== undefined,
      readFile: (fileName) => {
        const snapshot = this.snapshot(fileName);
        return snapshot?.getText(0, snapshot.getLength());
      },
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** Every syntax and type problem in `source`, sorted by position; empty when the program is fine. */
  diagnose(source: string): ProgramDiagnostic[] {
    this.programText = source;
    this.programVersion += 1;
    const syntactic = this.service.getSyntacticDiagnostics(PROGRAM_FILE);
    if (syntactic.length > 0) return syntactic.map((diagnostic) => toProgramDiagnostic(diagnostic, "syntax"));
    const semantic = this.service.getSemanticDiagnostics(PROGRAM_FILE).filter((diagnostic) => !IGNORED_CODES.has(diagnostic.code));
    const missing = definesEntry(this.service.getProgram()?.getSourceFile(PROGRAM_FILE)) ? [] : [missingEntryDiagnostic()];
    return [...missing, ...semantic.map((diagnostic) => toProgramDiagnostic(diagnostic, "type"))];
  }

  /**
   * Throws PROGRAM_SYNTAX or PROGRAM_TYPE when `source` has problems. The message lists them with their
   * lines and the offending source lines, written to be fed back to a planner; `details.diagnostics` has
   * them as data.
   */
  check(source: string): void {
    const diagnostics = this.diagnose(source);
    if (diagnostics.length === 0) return;
    const syntax = diagnostics.some((diagnostic) => diagnostic.kind === "syntax");
    throw new ViperError({
      code: syntax ? "PROGRAM_SYNTAX" : "PROGRAM_TYPE",
      message: `The program does not ${syntax ? "parse" : "type-check against the ImagePatch API"}:\n${formatDiagnostics(source, diagnostics)}`,
      details: { diagnostics, line: diagnostics[0]?.line },
    });
  }

  /** Frees the LanguageService's caches. */
  dispose(): void {
    this.service.dispose();
  }

  private snapshot(fileName: string): ts.IScriptSnapshot | undefined {
    return fileName === PROGRAM_FILE ? ts.ScriptSnapshot.fromString(this.programText) : this.fixedSnapshots.get(fileName);
  }
}

/** TypeScript's lib.es2023.d.ts with every library it references, as one text. */
function es2023LibraryText(): string {
  const included = new Set<string>();
  const parts: string[] = [];
  const include = (name: string) => {
    if (included.has(name)) return;
    included.add(name);
    const text = readFileSync(join(LIB_DIRECTORY, `lib.${name}.d.ts`), "utf8");
    for (const reference of text.matchAll(REFERENCE_LIB)) include(reference[1] as string);
    parts.push(text.replace(REFERENCE_LIB, ""));
  };
  include("es2023");
  return parts.join("\n");
}

const REFERENCE_LIB = /\/\/\/ <reference lib="([^"]+)" \/>/g;

let shared: ProgramChecker | undefined;

/** The process-wide checker, created on first use and kept warm for every agent. */
export function sharedProgramChecker(): ProgramChecker {
  shared ??= new ProgramChecker();
  return shared;
}

/** Diagnostics as lines for a model (or a person): `line 3: message` followed by the source line. */
function formatDiagnostics(source: string, diagnostics: readonly ProgramDiagnostic[]): string {
  const lines = source.split("\n");
  return diagnostics
    .map((diagnostic) => `- line ${diagnostic.line}: ${diagnostic.message}\n    ${(lines[diagnostic.line - 1] ?? "").trim()}`)
    .join("\n");
}

/** "Cannot find name" variants whose advice (install @types/node, add the DOM lib) misleads a planner. */
const UNAVAILABLE_NAME_CODES = new Set([2304, 2580, 2581, 2582, 2583, 2584, 2585, 2591, 2592, 2593]);

function toProgramDiagnostic(diagnostic: ts.Diagnostic, kind: ProgramDiagnostic["kind"]): ProgramDiagnostic {
  const position = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
  return { line: (position?.line ?? 0) + 1, column: (position?.character ?? 0) + 1, message: messageOf(diagnostic), code: diagnostic.code, kind };
}

function messageOf(diagnostic: ts.Diagnostic): string {
  const main = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  const unavailable = UNAVAILABLE_NAME_CODES.has(diagnostic.code) ? /Cannot find name '([^']+)'/.exec(main) : null;
  if (unavailable) {
    return `Cannot find name '${unavailable[1]}'. Programs can use only the ImagePatch API and plain TypeScript (ES2023): no DOM, Node or imports.`;
  }
  const related = (diagnostic.relatedInformation ?? []).map((information) => ts.flattenDiagnosticMessageText(information.messageText, " "));
  return [main, ...related].join(" ");
}

function definesEntry(file: ts.SourceFile | undefined): boolean {
  return (
    file?.statements.some((statement) => {
      if (ts.isFunctionDeclaration(statement)) return statement.name?.text === "execute_command";
      return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => declaration.name.getText(file) === "execute_command");
    }) ?? false
  );
}

function missingEntryDiagnostic(): ProgramDiagnostic {
  return {
    line: 1,
    column: 1,
    message: "The program must define `async function execute_command(image: ImagePatch): Promise<Answer>` at the top level.",
    code: 0,
    kind: "type",
  };
}
