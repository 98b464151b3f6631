import type { TraceEntry } from "../../sandbox/index.ts";
import type { AnswerWarning } from "./answer-warning.ts";
import type { FindEvidence, FindEvidenceLog } from "./find-evidence.ts";
import { NEAR_THRESHOLD_MARGIN } from "./perception-router.ts";

/** The tools whose answers are the boxes of a find request. */
const FIND_TOOLS = new Set(["find", "exists", "count"]);

/** Options for {@link deriveAnswerWarnings}. */
export interface DeriveAnswerWarningsOptions {
  /** The run's tool calls. */
  readonly trace: readonly TraceEntry[];
  /** What each find request rested on (recorded by the tool host). */
  readonly evidence: FindEvidenceLog;
}

interface CallGroup {
  readonly tool: string;
  readonly label: string;
  readonly line: number | null;
  readonly calls: FindEvidence[];
}

/**
 * Warnings for an answer that rests on weak evidence, one per program line and label:
 * - `EMPTY_EVIDENCE`: a find/exists/count found nothing, so an answer built on it ("no", 0, a missing
 *   object) is only as good as the detector's recall;
 * - `NEAR_THRESHOLD`: a count (or find, or a "yes" from exists) hinges on boxes scoring within
 *   {@link NEAR_THRESHOLD_MARGIN} of the detector's threshold, or on boxes that just missed it.
 * The program's answer is left as it is; the warnings say how far to trust it.
 */
export function deriveAnswerWarnings(options: DeriveAnswerWarningsOptions): AnswerWarning[] {
  const groups = new Map<string, CallGroup>();
  for (const entry of options.trace) {
    const label = entry.args[0];
    if (!FIND_TOOLS.has(entry.tool) || entry.error !== undefined || entry.target === null || typeof label !== "string") continue;
    const evidence = options.evidence.lookup(entry.target, label);
    if (!evidence) continue;
    const key = `${entry.tool}\u0000${entry.line}\u0000${label.trim().toLowerCase()}`;
    const group = groups.get(key) ?? { tool: entry.tool, label: label.trim(), line: entry.line, calls: [] };
    group.calls.push(evidence);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) => [emptyEvidence(group), nearThreshold(group)].filter((warning) => warning !== undefined));
}

function emptyEvidence(group: CallGroup): AnswerWarning | undefined {
  const empty = group.calls.filter((call) => call.scores.length === 0);
  if (empty.length === 0) return undefined;
  const [first] = empty;
  const where = group.calls.length > 1 ? ` in ${empty.length} of the ${group.calls.length} patches searched` : "";
  const nearMisses = empty.flatMap((call) => call.nearMissScores);
  const missed =
    nearMisses.length === 0
      ? ""
      : ` ${nearMisses.length === 1 ? "One box" : `${nearMisses.length} boxes`} scored just under the threshold (${formatScores(nearMisses)}).`;
  return {
    code: "EMPTY_EVIDENCE",
    message:
      `${call(group)} found nothing${where} (${detectorPhrase(first!)}); an answer built on that is only as good as the detector's recall: ` +
      `if there is a ${group.label} it missed, the answer is wrong.${missed}`,
    line: group.line,
  };
}

function nearThreshold(group: CallGroup): AnswerWarning | undefined {
  const found = group.calls.filter((call) => call.scores.length > 0 && call.scoreThreshold !== undefined);
  if (found.length === 0) return undefined;
  const threshold = found[0]!.scoreThreshold!;
  const near = (call: FindEvidence) => call.scores.filter((score) => score < call.scoreThreshold! + NEAR_THRESHOLD_MARGIN);
  const boxes = found.reduce((sum, call) => sum + call.scores.length, 0);
  const nearBoxes = found.flatMap(near);
  const missed = found.flatMap((call) => call.nearMissScores);
  if (group.tool === "exists") {
    // A "yes" only flips when every box it rests on is near the threshold.
    const fragile = found.filter((call) => near(call).length === call.scores.length);
    if (fragile.length === 0) return undefined;
    return {
      code: "NEAR_THRESHOLD",
      message: `${call(group)} is true only because of ${plural(fragile.flatMap(near).length, "box", "boxes")} scoring ${formatScores(fragile.flatMap(near))}, just above ${found[0]!.detector}'s threshold ${threshold.toFixed(2)}.`,
      line: group.line,
    };
  }
  if (nearBoxes.length === 0 && missed.length === 0) return undefined;
  const parts = [
    nearBoxes.length > 0
      ? `${nearBoxes.length} of the ${plural(boxes, "box", "boxes")} ${nearBoxes.length === 1 ? "scores" : "score"} within ${NEAR_THRESHOLD_MARGIN} of ${found[0]!.detector}'s threshold ${threshold.toFixed(2)} (${formatScores(nearBoxes)})`
      : "",
    missed.length > 0 ? `${plural(missed.length, "more box", "more boxes")} just missed it (${formatScores(missed)})` : "",
  ].filter(Boolean);
  const what = group.tool === "count" ? `returned ${boxes}` : `returned ${plural(boxes, "box", "boxes")}`;
  return {
    code: "NEAR_THRESHOLD",
    message: `${call(group)} ${what}${found.length > 1 ? ` over ${found.length} patches` : ""}, but ${parts.join(" and ")}: the count could be anywhere from ${boxes - nearBoxes.length} to ${boxes + missed.length}.`,
    line: group.line,
  };
}

function call(group: CallGroup): string {
  return `${group.tool}(${JSON.stringify(group.label)})`;
}

function detectorPhrase(evidence: FindEvidence): string {
  return evidence.scoreThreshold === undefined ? `detector ${evidence.detector}` : `detector ${evidence.detector}, score ≥ ${evidence.scoreThreshold.toFixed(2)}`;
}

function formatScores(scores: readonly number[]): string {
  return [...scores].sort((a, b) => b - a).map((score) => score.toFixed(2)).join(", ");
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
