import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";
import { loadImage } from "../../tools/image-io.ts";
import type { EvalQuestion, EvalSuite } from "../eval-question.ts";
import { numericValue, normalizeAnswer, type ExpectedAnswer } from "../score.ts";

/**
 * Loads a questions.jsonl file (ARCHITECTURE.md): one `{"image", "question", "answer"}` object a line, image
 * paths relative to the file, optional `"id"` and `"family"`. Everything is checked before anything runs:
 * a line that is not such an object, a duplicate id or an image that does not exist is an `EVAL_INPUT`
 * error naming the file and the line. Blank lines are skipped.
 */
export async function loadQuestionsFileSuite(options: { questionsPath: string }): Promise<EvalSuite> {
  const questionsPath = resolve(options.questionsPath);
  const text = await readQuestionsFile(questionsPath);
  const questions: EvalQuestion[] = [];
  const ids = new Set<string>();
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const location: LineLocation = { path: questionsPath, line: index + 1 };
    const entry = parseLine(line, location);
    const id = entry.id ?? `line-${index + 1}`;
    if (ids.has(id)) fail(`${describeLocation(location)}: id "${id}" is used twice; ids must be unique.`, location);
    ids.add(id);
    const imagePath = resolve(dirname(questionsPath), entry.image);
    await requireImageFile(imagePath, location);
    const count = numericValue(entry.answer);
    const isCounting = count !== undefined && Number.isInteger(count) && /^\s*how many\b/i.test(entry.question);
    questions.push({
      id,
      family: entry.family ?? inferFamily(entry.answer, isCounting),
      question: entry.question,
      expected: entry.answer,
      ...(isCounting ? { groundTruthCount: count } : {}),
      imageKey: imagePath,
      imagePath,
      loadImage: () => loadImage(imagePath),
    });
  }
  if (questions.length === 0) fail(`${questionsPath} holds no questions; write one JSON object a line.`, { path: questionsPath, line: 0 });
  return { name: "questions", identity: { questions: questionsPath }, questions: groupByImage(questions) };
}

/** A line of the questions file; line 0 means the file as a whole. */
interface LineLocation {
  readonly path: string;
  readonly line: number;
}

interface QuestionLine {
  image: string;
  question: string;
  answer: ExpectedAnswer;
  id?: string;
  family?: string;
}

function parseLine(line: string, location: LineLocation): QuestionLine {
  const where = describeLocation(location);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    fail(`${where} is not valid JSON (${(error as Error).message}); each line must be one {"image", "question", "answer"} object.`, location);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${where} must be a JSON object with "image", "question" and "answer".`, location);
  const entry = value as Record<string, unknown>;
  for (const field of ["image", "question"] as const) {
    if (typeof entry[field] !== "string" || entry[field] === "") fail(`${where}: "${field}" must be a non-empty string.`, location);
  }
  const { answer } = entry;
  if (!(typeof answer === "string" || typeof answer === "boolean" || (typeof answer === "number" && Number.isFinite(answer)))) {
    fail(`${where}: "answer" must be a number, "yes"/"no" or a word.`, location);
  }
  for (const field of ["id", "family"] as const) {
    if (entry[field] !== undefined && typeof entry[field] !== "string") fail(`${where}: "${field}" must be a string when given.`, location);
  }
  return entry as unknown as QuestionLine;
}

function inferFamily(answer: ExpectedAnswer, isCounting: boolean): string {
  if (isCounting) return "count";
  if (numericValue(answer) !== undefined) return "number";
  const text = normalizeAnswer(answer);
  return text === "yes" || text === "no" ? "yes/no" : "word";
}

/** Keeps file order but puts the questions about one picture together, so it is loaded once. */
function groupByImage(questions: readonly EvalQuestion[]): EvalQuestion[] {
  const groups = new Map<string, EvalQuestion[]>();
  for (const question of questions) groups.set(question.imageKey, [...(groups.get(question.imageKey) ?? []), question]);
  return [...groups.values()].flat();
}

async function readQuestionsFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new ViperError({ code: "EVAL_INPUT", message: `Cannot read questions file ${path}; check --questions.`, details: { path }, cause: error });
  }
}

async function requireImageFile(imagePath: string, location: LineLocation): Promise<void> {
  const isFile = await stat(imagePath).then((stats) => stats.isFile(), () => false);
  if (!isFile) fail(`${describeLocation(location)}: image ${imagePath} does not exist; image paths are relative to the questions file.`, location);
}

function describeLocation(location: LineLocation): string {
  return `${location.path}, line ${location.line}`;
}

function fail(message: string, location: LineLocation): never {
  throw new ViperError({ code: "EVAL_INPUT", message, details: { path: location.path, line: location.line } });
}
