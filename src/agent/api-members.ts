import ts from "typescript";

/** One member of the ImagePatch API as declared: a property or method of ImagePatch, or a free function. */
export interface ApiMember {
  /** The member's name, e.g. "find" or "bool_to_yesno". */
  readonly name: string;
  /** "ImagePatch" for class members, null for free functions. */
  readonly owner: "ImagePatch" | null;
  readonly kind: "property" | "method" | "function";
  /** The declaration's text without its doc comment, e.g. `find(object_name: string): Promise<ImagePatch[]>;`. */
  readonly signature: string;
  /** The `@example` program from its doc comment, or null when it has none (properties). */
  readonly example: string | null;
  /** Whether calling it returns a Promise (so a program must `await` it). */
  readonly returnsPromise: boolean;
}

/**
 * Lists the members of the ImagePatch API by parsing the declaration with the TypeScript compiler, so the
 * list follows the declaration instead of a copy that could drift. Overloads of a function appear once per
 * overload.
 */
export function parseApiMembers(declarationText: string): ApiMember[] {
  const source = ts.createSourceFile("image-patch.api.d.ts", declarationText, ts.ScriptTarget.ES2023, true);
  const members: ApiMember[] = [];
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === "ImagePatch") {
      for (const member of statement.members) {
        const name = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
        if (name === undefined) continue;
        const kind = ts.isMethodDeclaration(member) ? "method" : "property";
        members.push({
          name,
          owner: "ImagePatch",
          kind,
          signature: member.getText(source),
          example: exampleOf(member),
          returnsPromise: returnsPromise(member, source),
        });
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      members.push({
        name: statement.name.text,
        owner: null,
        kind: "function",
        signature: statement.getText(source),
        example: exampleOf(statement),
        returnsPromise: returnsPromise(statement, source),
      });
    }
  }
  return members;
}

function returnsPromise(node: ts.Node, source: ts.SourceFile): boolean {
  const isCallable = ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node);
  return isCallable && node.type !== undefined && node.type.getText(source).startsWith("Promise<");
}

function exampleOf(node: ts.Node): string | null {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== "example") continue;
    const comment = ts.getTextOfJSDocComment(tag.comment);
    if (comment !== undefined && comment.trim() !== "") return comment.trim();
  }
  return null;
}
