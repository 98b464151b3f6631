import ts from "typescript";
import type { CheckInput, Finding } from "./finding.ts";

const AWAIT_CHECKS = "await the checks first: `const checks = await Promise.all(items.map((item) => ...));`";

/** Why an async callback breaks each array method, and how to write it instead. */
const CALLBACK_METHODS: Readonly<Record<string, { readonly problem: string; readonly fix: string }>> = {
  filter: {
    problem: "filter() keeps an element when its callback returns something truthy, and a Promise is always truthy, so every element is kept",
    fix: `${AWAIT_CHECKS}, then \`items.filter((item, index) => checks[index])\``,
  },
  some: { problem: "some() sees a Promise (always truthy), so it is true for any non-empty array", fix: `${AWAIT_CHECKS}, then \`checks.some((check) => check)\`` },
  every: { problem: "every() sees a Promise (always truthy), so it is always true", fix: `${AWAIT_CHECKS}, then \`checks.every((check) => check)\`` },
  find: { problem: "find() sees a Promise (always truthy), so it always returns the first element", fix: `${AWAIT_CHECKS}, then \`items[checks.indexOf(true)]\`` },
  findIndex: { problem: "findIndex() sees a Promise (always truthy), so it always returns 0", fix: `${AWAIT_CHECKS}, then \`checks.indexOf(true)\`` },
  findLast: { problem: "findLast() sees a Promise (always truthy), so it always returns the last element", fix: `${AWAIT_CHECKS}, then \`items[checks.lastIndexOf(true)]\`` },
  findLastIndex: { problem: "findLastIndex() sees a Promise (always truthy), so it always returns the last index", fix: `${AWAIT_CHECKS}, then \`checks.lastIndexOf(true)\`` },
  sort: {
    problem: "sort() needs a number from its comparator and gets a Promise, so the order is arbitrary",
    fix: "await the keys first: `const keys = await Promise.all(items.map((item) => item.compute_depth()));`, then sort by them: `const order = items.map((item, index) => index).sort((a, b) => keys[a] - keys[b]);`",
  },
  reduce: {
    problem: "reduce() passes the Promise the async callback returns on as the accumulator, so the steps do not add up",
    fix: "use a `for (const item of items)` loop that awaits each step",
  },
  reduceRight: {
    problem: "reduceRight() passes the Promise the async callback returns on as the accumulator, so the steps do not add up",
    fix: "use a `for` loop that awaits each step",
  },
};

/** Methods whose call changes the object they are called on (so a callback calling them writes to it). */
const MUTATING_METHODS = new Set(["push", "unshift", "splice", "pop", "shift", "set", "add", "delete", "clear", "fill", "sort", "reverse"]);

/**
 * Finds the async mistakes TypeScript lets through and that give silently wrong answers: async callbacks
 * to array methods that do not await (filter, some, every, find, findIndex, sort, reduce, ...),
 * `forEach(async ...)` whose effects the program reads afterwards, a call whose Promise is dropped, and
 * `new ImagePatch(...)`.
 */
export function findAsyncMistakes({ file, checker }: CheckInput): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const callback = node.arguments[0];
      const known = Object.hasOwn(CALLBACK_METHODS, method) ? CALLBACK_METHODS[method] : undefined;
      const takesCallback = known !== undefined || method === "forEach";
      if (takesCallback && callback !== undefined && isArray(node.expression.expression, checker) && returnsPromise(callback, checker)) {
        if (known !== undefined) {
          const loop = known.fix.includes("loop") ? "" : " (or use a `for (const item of items)` loop with await)";
          findings.push({ node, kind: "async", message: `${method}() got an async callback: ${known.problem}. Instead, ${known.fix}${loop}.` });
        } else if (method === "forEach") {
          const read = effectReadLater(node, callback, checker);
          if (read !== undefined) {
            findings.push({
              node,
              kind: "async",
              message:
                `forEach() does not wait for an async callback: the program reads \`${read}\` before the callback's awaits finish, so it sees it unchanged. ` +
                "Use a `for (const item of items)` loop with await instead.",
            });
          }
        }
      }
    }
    if (ts.isExpressionStatement(node) && isCall(node.expression)) {
      const dropped = droppedPromise(node.expression, checker);
      if (dropped !== undefined) findings.push({ node, kind: "async", message: dropped });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "ImagePatch") {
      findings.push({
        node,
        kind: "async",
        message: "ImagePatch has no constructor: get patches from `await image.find(\"foo\")` or `image.crop(left, lower, right, upper)` (coordinates relative to the patch).",
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

function isCall(expression: ts.Expression): expression is ts.CallExpression {
  return ts.isCallExpression(expression);
}

function isArray(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(expression);
  return checker.isArrayType(type) || checker.isTupleType(type);
}

/** A Promise, or a union with a Promise in it (`cond ? patch.exists("x") : false`). */
function isPromise(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isPromise);
  const name = type.getSymbol()?.getName();
  return name === "Promise" || name === "PromiseLike";
}

function returnsPromise(callback: ts.Expression, checker: ts.TypeChecker): boolean {
  if ((ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && callback.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  return checker
    .getTypeAtLocation(callback)
    .getCallSignatures()
    .some((signature) => isPromise(signature.getReturnType()));
}

/** The message for a call statement whose Promise (or array of Promises) nothing awaits, else undefined. */
function droppedPromise(call: ts.CallExpression, checker: ts.TypeChecker): string | undefined {
  const type = checker.getTypeAtLocation(call);
  const callee = call.expression.getText();
  if (isPromise(type)) {
    return `The Promise from \`${callee}(...)\` is dropped: nothing awaits it, so the program goes on without its result. Write \`await ${callee}(...)\` and use the result.`;
  }
  if (checker.isArrayType(type) && isPromise(checker.getTypeArguments(type as ts.TypeReference)[0] ?? type)) {
    return `The Promises from \`${callee}(...)\` are dropped: nothing awaits them. Write \`const results = await Promise.all(${callee}(...));\` and use the results.`;
  }
  return undefined;
}

/**
 * The first variable declared outside an async forEach callback that the callback changes and that the
 * program reads after the forEach statement, or undefined when the callback's effects are never read.
 */
function effectReadLater(call: ts.CallExpression, callback: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const written = new Set<ts.Symbol>();
  const isOutside = (symbol: ts.Symbol) => (symbol.declarations ?? []).every((declaration) => declaration.pos < callback.pos || declaration.end > callback.end);
  const note = (target: ts.Expression) => {
    const root = rootIdentifier(target);
    const symbol = root === undefined ? undefined : checker.getSymbolAtLocation(root);
    if (symbol !== undefined && isOutside(symbol)) written.add(symbol);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) note(node.left);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) note(node.operand);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) note(node.expression.expression);
    ts.forEachChild(node, visit);
  };
  visit(callback);
  if (written.size === 0) return undefined;
  const statement = enclosingStatement(call);
  const scope = enclosingFunctionBody(statement) ?? call.getSourceFile();
  let read: string | undefined;
  const findRead = (node: ts.Node): void => {
    if (read !== undefined) return;
    if (ts.isIdentifier(node) && node.pos >= statement.end) {
      const symbol = checker.getSymbolAtLocation(node);
      if (symbol !== undefined && written.has(symbol)) read = node.text;
    }
    ts.forEachChild(node, findRead);
  };
  findRead(scope);
  return read;
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current : undefined;
}

function enclosingStatement(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent !== undefined && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent)) current = current.parent;
  return current;
}

function enclosingFunctionBody(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}
