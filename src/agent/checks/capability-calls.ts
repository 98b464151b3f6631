import ts from "typescript";
import { configureAdvice, type UnservedPrimitive } from "../../tools/no-backend-error.ts";
import { limitedRequestMessage, unknownLabelMessage, unservedMemberMessage } from "../capabilities/capability-text.ts";
import type { CapabilityView } from "../capabilities/capability-view.ts";
import { BACKEND_NAMES, type BackendKind, MEMBER_BACKENDS } from "../capabilities/member-backends.ts";
import type { CheckInput, Finding } from "./finding.ts";

/** The primitive whose NO_BACKEND advice applies to each back-end kind (src/tools/no-backend-error.ts). */
const PRIMITIVES: Readonly<Record<BackendKind, UnservedPrimitive>> = {
  detector: "find",
  "visual-qa": "simple_query",
  scorer: "score",
  depth: "compute_depth",
  "text-model": "llm_query",
};

const MAX_REQUEST_CHARS = 120;

/**
 * Finds calls this set-up cannot serve, before anything runs: a member with no back-end, and string
 * literals no configured back-end accepts — a name no detector knows (find/exists/count), a question no
 * visual-QA back-end answers (simple_query), properties or options no scorer scores (verify_property,
 * best_text_match, best_image_match). Values computed at run time are left to the run.
 */
export function findCapabilityProblems(input: CheckInput, view: CapabilityView): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = apiMemberOf(node, input);
      const finding = name === undefined ? undefined : checkCall(node, name, view);
      if (finding !== undefined) findings.push(finding);
    }
    ts.forEachChild(node, visit);
  };
  visit(input.file);
  return findings;
}

function checkCall(call: ts.CallExpression, name: string, view: CapabilityView): Finding | undefined {
  const backend = MEMBER_BACKENDS[name];
  const member = view.member(name);
  if (backend === undefined || member === undefined) return undefined;
  const request = requestText(call, name);
  const where = view.scene === undefined ? "" : ` on this ${view.scene === "photo" ? "photo" : "plain-background scene"}`;
  const advice = `${request} needs ${BACKEND_NAMES[backend]} that serves it${where}; ${configureAdvice(PRIMITIVES[backend])}`;
  if (member.level === "none") return { node: call, kind: "capability", message: unservedMemberMessage(name, view), advice };
  const first = call.arguments[0];
  switch (backend) {
    case "detector": {
      const label = literal(first);
      if (label === undefined || view.knowsLabel(label)) return undefined;
      return { node: call, kind: "capability", message: unknownLabelMessage(request, label, view), advice: `no configured detector knows "${label}"${where}; ${configureAdvice("find")}` };
    }
    case "visual-qa": {
      const question = literal(first);
      if (question === undefined || view.answersQuestion(question)) return undefined;
      return { node: call, kind: "capability", message: limitedRequestMessage(name, request, view), advice };
    }
    case "scorer": {
      const texts = scoredTexts(call, name);
      if (texts === undefined || view.scoresTexts(texts)) return undefined;
      return { node: call, kind: "capability", message: limitedRequestMessage(name, request, view), advice };
    }
    default:
      return undefined;
  }
}

/** The texts the host scores for this call (src/tools/create-tool-host.ts), when they are all literals. */
function scoredTexts(call: ts.CallExpression, name: string): string[] | undefined {
  const [first, second] = call.arguments;
  if (name === "verify_property") {
    const objectName = literal(first);
    const property = literal(second);
    return objectName === undefined || property === undefined ? undefined : [`${property} ${objectName}`];
  }
  if (name === "best_text_match") {
    const options = literalList(first);
    if (options === undefined) return undefined;
    if (second === undefined) return options;
    const prefix = literal(second);
    return prefix === undefined ? undefined : options.map((option) => `${prefix} ${option}`);
  }
  return literalList(second);
}

/** The API member a call invokes (method or free function), or undefined for the program's own functions. */
function apiMemberOf(call: ts.CallExpression, { checker, isApiDeclaration }: CheckInput): string | undefined {
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : ts.isIdentifier(call.expression) ? call.expression : undefined;
  if (callee === undefined) return undefined;
  const symbol = checker.getSymbolAtLocation(callee);
  return symbol?.declarations?.some(isApiDeclaration) ? callee.text : undefined;
}

function literal(expression: ts.Expression | undefined): string | undefined {
  return expression !== undefined && (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) ? expression.text : undefined;
}

function literalList(expression: ts.Expression | undefined): string[] | undefined {
  if (expression === undefined || !ts.isArrayLiteralExpression(expression)) return undefined;
  const texts = expression.elements.map((element) => literal(element));
  return texts.every((text) => text !== undefined) ? texts : undefined;
}

function requestText(call: ts.CallExpression, name: string): string {
  const text = `${name}(${call.arguments.map((argument) => argument.getText()).join(", ")})`;
  return text.length > MAX_REQUEST_CHARS ? `${text.slice(0, MAX_REQUEST_CHARS)}…)` : text;
}
