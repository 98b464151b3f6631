import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { loadApiDeclaration } from "./api-declaration.ts";
import type { CapabilityView } from "./capabilities/capability-view.ts";
import { findAsyncMistakes } from "./checks/async-mistakes.ts";
import { findCapabilityProblems } from "./checks/capability-calls.ts";
import type { Finding } from "./checks/finding.ts";
import { checkError, type ProgramDiagnostic } from "./checks/program-diagnostic.ts";

export type { ProgramDiagnostic };

/** Options for {@link ProgramChecker.diagnose} and {@link ProgramChecker.check}. */
export interface CheckOptions {
  /**
   * What the configured perception serves ({@link describeCapabilities}); with it, calls the set-up cannot
   * serve are diagnostics too.
   * @defaultValue none: the declaration alone (every member available)
   */
  capabilities?: CapabilityView;
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
 * Checks programs against the ImagePatch API declaration with one warm TypeScript LanguageService over a
 * virtual file system: TypeScript's ES2023 library (no DOM, no Node types), the declaration as an ambient
 * file and the program. Checking bumps the program's version, so the library and the declaration stay
 * parsed and bound between checks. After TypeScript's diagnostics come await mistakes it lets through and,
 * given a capability view, calls the set-up cannot serve (src/agent/checks). Checks are synchronous, so
 * concurrent callers in one process never interleave.
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

  /**
   * Every problem in `source`, in line order; empty when the program is fine: syntax errors (and then
   * nothing else), type errors, await mistakes TypeScript lets through, and, given `capabilities`, calls
   * the set-up cannot serve.
   */
  diagnose(source: string, { capabilities }: CheckOptions = {}): ProgramDiagnostic[] {
    this.programText = source;
    this.programVersion += 1;
    const syntactic = this.service.getSyntacticDiagnostics(PROGRAM_FILE);
    if (syntactic.length > 0) return syntactic.map((diagnostic) => toProgramDiagnostic(diagnostic, "syntax"));
    const semantic = this.service.getSemanticDiagnostics(PROGRAM_FILE).filter((diagnostic) => !IGNORED_CODES.has(diagnostic.code));
    const program = this.service.getProgram();
    const file = program?.getSourceFile(PROGRAM_FILE);
    if (program === undefined || file === undefined) return semantic.map((diagnostic) => toProgramDiagnostic(diagnostic, "type"));
    const input = { file, checker: program.getTypeChecker(), isApiDeclaration: (declaration: ts.Declaration) => declaration.getSourceFile().fileName === API_FILE };
    const asyncFindings = findAsyncMistakes(input);
    const findings = [...asyncFindings, ...(capabilities === undefined ? [] : findCapabilityProblems(input, capabilities))];
    // An await mistake explains TypeScript's complaint inside it (a Promise where sort wants a number): keep one.
    const explained = (diagnostic: ts.Diagnostic) =>
      asyncFindings.some(({ node }) => diagnostic.start !== undefined && diagnostic.start >= node.getStart(file) && diagnostic.start < node.getEnd());
    const missing = definesEntry(file) ? [] : [missingEntryDiagnostic()];
    return [
      ...missing,
      ...[...semantic.filter((diagnostic) => !explained(diagnostic)).map((diagnostic) => toProgramDiagnostic(diagnostic, "type")), ...findings.map((finding) => findingDiagnostic(finding, file))].sort(
        (a, b) => a.line - b.line || a.column - b.column,
      ),
    ];
  }

  /**
   * Throws when `source` has problems: PROGRAM_SYNTAX, PROGRAM_TYPE (type errors and await mistakes), or
   * NO_BACKEND when the only problems are calls the set-up cannot serve. The message, for a person, lists
   * them with their lines and source lines (capability problems say what to configure);
   * `details.diagnostics` has them as data, with messages for the model.
   */
  check(source: string, options: CheckOptions = {}): void {
    const diagnostics = this.diagnose(source, options);
    if (diagnostics.length === 0) return;
    throw checkError(source, diagnostics);
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

function findingDiagnostic(finding: Finding, file: ts.SourceFile): ProgramDiagnostic {
  const position = file.getLineAndCharacterOfPosition(finding.node.getStart(file));
  const diagnostic = { line: position.line + 1, column: position.character + 1, message: finding.message, code: 0, kind: finding.kind };
  return finding.advice === undefined ? diagnostic : { ...diagnostic, advice: finding.advice };
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
