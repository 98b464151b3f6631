import type { TraceEntry } from "../../sandbox/index.ts";
import type { AnswerWarning } from "./answer-warning.ts";
import { findDetailsOf, NEAR_THRESHOLD_MARGIN, parseScores, type FindDetails } from "./find-evidence.ts";

/** The tools whose answers are the boxes of a find request. */
const FIND_TOOLS = new Set(["find", "exists", "count"]);

/** The find calls of one program line for one label (a loop over patches makes several). */
interface CallGroup {
  readonly tool: string;
  readonly label: string;
  readonly line: number | null;
  readonly calls: FindDetails[];
}

/**
 * Warnings for an answer that rests on weak evidence, from the find calls' trace details (which detector
 * answered, how many boxes, the scores near its threshold), one per program line and label:
 * - `EMPTY_EVIDENCE`: a find/exists/count found nothing, so an answer built on it ("no", 0, a missing
 *   object) is only as good as the detector's recall;
 * - `NEAR_THRESHOLD`: a count (or find, or a "yes" from exists) hinges on boxes scoring within
 *   {@link NEAR_THRESHOLD_MARGIN} of the detector's threshold, or on boxes that just missed it.
 * The program's answer is left as it is; the warnings say how far to trust it. Which value the answer was
 * computed from is not known (the trace holds calls, not data flow), so every such call is reported.
 */
export function deriveAnswerWarnings(trace: readonly TraceEntry[]): AnswerWarning[] {
  const groups = new Map<string, CallGroup>();
  for (const entry of trace) {
    const label = entry.args[0];
    const details = findDetailsOf(entry.details);
    if (!FIND_TOOLS.has(entry.tool) || entry.error !== undefined || typeof label !== "string" || !details) continue;
    const key = `${entry.tool}\u0000${entry.line}\u0000${label.trim().toLowerCase()}`;
    const group = groups.get(key) ?? { tool: entry.tool, label: label.trim(), line: entry.line, calls: [] };
    group.calls.push(details);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) => [emptyEvidence(group), nearThreshold(group)].filter((warning) => warning !== undefined));
}

function emptyEvidence(group: CallGroup): AnswerWarning | undefined {
  const empty = group.calls.filter((call) => call.found === 0);
  if (empty.length === 0) return undefined;
  const where = group.calls.length > 1 ? ` in ${empty.length} of the ${group.calls.length} patches searched` : "";
  const nearMisses = empty.flatMap((call) => parseScores(call.nearMisses));
  const missed =
    nearMisses.length === 0
      ? ""
      : ` ${nearMisses.length === 1 ? "One box" : `${nearMisses.length} boxes`} scored just under the threshold (${formatScores(nearMisses)}).`;
  return {
    code: "EMPTY_EVIDENCE",
    message:
      `${call(group)} found nothing${where} (${detectorPhrase(empty[0]!)}); an answer built on that is only as good as the detector's recall: ` +
      `if there is a ${group.label} it missed, the answer is wrong.${missed}`,
    line: group.line,
  };
}

function nearThreshold(group: CallGroup): AnswerWarning | undefined {
  const found = group.calls.filter((call) => call.found > 0 && call.scoreThreshold !== undefined);
  if (found.length === 0) return undefined;
  const { detector, scoreThreshold } = found[0]!;
  const threshold = `${detector}'s threshold ${scoreThreshold!.toFixed(2)}`;
  const boxes = found.reduce((sum, call) => sum + call.found, 0);
  const nearBoxes = found.flatMap((call) => parseScores(call.nearThreshold));
  const missed = found.flatMap((call) => parseScores(call.nearMisses));
  if (group.tool === "exists") {
    // A "yes" only flips when every box it rests on is near the threshold.
    const fragile = found.filter((call) => parseScores(call.nearThreshold).length === call.found).flatMap((call) => parseScores(call.nearThreshold));
    if (fragile.length === 0) return undefined;
    return {
      code: "NEAR_THRESHOLD",
      message: `${call(group)} is true only because of ${plural(fragile.length, "box", "boxes")} scoring ${formatScores(fragile)}, just above ${threshold}.`,
      line: group.line,
    };
  }
  if (nearBoxes.length === 0 && missed.length === 0) return undefined;
  const parts = [
    nearBoxes.length > 0
      ? `${nearBoxes.length} of the ${plural(boxes, "box", "boxes")} ${nearBoxes.length === 1 ? "scores" : "score"} within ${NEAR_THRESHOLD_MARGIN} of ${threshold} (${formatScores(nearBoxes)})`
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

function detectorPhrase(details: FindDetails): string {
  return details.scoreThreshold === undefined ? `detector ${details.detector}` : `detector ${details.detector}, score ≥ ${details.scoreThreshold.toFixed(2)}`;
}

function formatScores(scores: readonly number[]): string {
  return [...scores].sort((a, b) => b - a).map((score) => score.toFixed(2)).join(", ");
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
