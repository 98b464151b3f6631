import type { ToolCallDetails } from "../../sandbox/tool-host.ts";

/**
 * What one `find` (or `exists`, `count`) request rested on, beyond the boxes it returned: which detector
 * answered, at what score threshold, and the scores of the boxes found and of those that just missed.
 */
export interface FindEvidence {
  /** Id of the detector that answered. */
  readonly detector: string;
  /** The score a box needed, when the detector has one threshold. */
  readonly scoreThreshold: number | undefined;
  /** Scores of the boxes returned. */
  readonly scores: readonly number[];
  /** Scores of boxes that just missed the threshold (within the near-threshold margin), when known. */
  readonly nearMissScores: readonly number[];
}

/** The evidence as a find call's trace details (flat values): what answer warnings are derived from. */
export interface FindDetails {
  readonly detector: string;
  readonly found: number;
  readonly scoreThreshold?: number;
  /** Scores of the found boxes within the near-threshold margin above the threshold, comma-separated. */
  readonly nearThreshold?: string;
  /** Scores of the boxes that just missed the threshold, comma-separated. */
  readonly nearMisses?: string;
}

/**
 * How far below a detector's score threshold a box still counts as a near miss, and how far above it a
 * found box counts as near the threshold: an answer resting on such boxes gets a warning.
 */
export const NEAR_THRESHOLD_MARGIN = 0.05;

/** The trace details of a find call: detector, boxes found, threshold and the scores near it. */
export function findDetails(evidence: FindEvidence): ToolCallDetails {
  const { detector, scoreThreshold, scores, nearMissScores } = evidence;
  const near = scoreThreshold === undefined ? [] : scores.filter((score) => score < scoreThreshold + NEAR_THRESHOLD_MARGIN);
  return {
    detector,
    found: scores.length,
    ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
    ...(near.length === 0 ? {} : { nearThreshold: scoreList(near) }),
    ...(nearMissScores.length === 0 ? {} : { nearMisses: scoreList(nearMissScores) }),
  };
}

/** The find details of a trace entry, when it has them. */
export function findDetailsOf(details: ToolCallDetails | undefined): FindDetails | undefined {
  if (typeof details?.detector !== "string" || typeof details.found !== "number") return undefined;
  return details as unknown as FindDetails;
}

/** The scores of a comma-separated list (empty for none). */
export function parseScores(list: string | undefined): number[] {
  return list === undefined || list === "" ? [] : list.split(",").map(Number);
}

function scoreList(scores: readonly number[]): string {
  return [...scores].sort((a, b) => b - a).map((score) => score.toFixed(3)).join(",");
}
