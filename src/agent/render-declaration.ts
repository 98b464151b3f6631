import ts from "typescript";

interface Cut {
  readonly start: number;
  readonly end: number;
}

/**
 * The API declaration as the prompt shows it: verbatim, doc comments and examples included, without the
 * file's developer header, without the members in `omit` (members this set-up cannot serve), and without
 * any example program that calls an omitted member.
 */
export function renderDeclaration(text: string, omit: ReadonlySet<string> = new Set()): string {
  const source = ts.createSourceFile("image-patch.api.d.ts", text, ts.ScriptTarget.ES2023, true);
  const first = source.statements[0];
  const cuts: Cut[] = first === undefined ? [] : [{ start: 0, end: ownDocStart(first, source) }];
  const visit = (node: ts.Node, name: string | undefined) => {
    if (name !== undefined && omit.has(name)) cuts.push({ start: node.getFullStart(), end: node.getEnd() });
    else {
      const example = exampleCut(node, text, omit);
      if (example !== undefined) cuts.push(example);
    }
  };
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) visit(member, member.name && ts.isIdentifier(member.name) ? member.name.text : undefined);
    } else if (ts.isFunctionDeclaration(statement)) {
      visit(statement, statement.name?.text);
    }
  }
  let rendered = text;
  for (const cut of cuts.sort((a, b) => b.start - a.start)) rendered = rendered.slice(0, cut.start) + rendered.slice(cut.end);
  return rendered.trim();
}

/** Where a statement's own doc comment starts (the file header is attached to the first statement too). */
function ownDocStart(statement: ts.Statement, source: ts.SourceFile): number {
  const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc);
  return docs.at(-1)?.getStart(source) ?? statement.getStart(source);
}

/** The lines of a member's `@example` when the example calls an omitted member. */
function exampleCut(node: ts.Node, text: string, omit: ReadonlySet<string>): Cut | undefined {
  if (omit.size === 0) return undefined;
  const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  const tag = doc?.tags?.find((candidate) => candidate.tagName.text === "example");
  if (doc === undefined || tag === undefined) return undefined;
  const example = text.slice(tag.pos, doc.end);
  const calls = [...omit].some((name) => new RegExp(`\\b${name}\\s*\\(`).test(example));
  if (!calls) return undefined;
  // From the start of the @example line to the line that closes the comment.
  return { start: text.lastIndexOf("\n", tag.pos) + 1, end: text.lastIndexOf("\n", doc.end - 1) + 1 };
}
