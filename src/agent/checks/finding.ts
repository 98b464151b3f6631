import type ts from "typescript";

/** A problem a check found in a program, at a node of its syntax tree. */
export interface Finding {
  /** Where: the diagnostic's line is this node's first line. */
  readonly node: ts.Node;
  /** For the model: what is wrong and how to fix it, in terms of the API. */
  readonly message: string;
  /** For a person: what to configure so the program could run as written (capability findings only). */
  readonly advice?: string;
  readonly kind: "async" | "capability";
}

/** What every check receives: the program's syntax tree and the warm type checker that typed it. */
export interface CheckInput {
  readonly file: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  /** Whether a declaration belongs to the ImagePatch API (not to the program or the standard library). */
  readonly isApiDeclaration: (declaration: ts.Declaration) => boolean;
}
