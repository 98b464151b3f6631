import type { PatchBox } from "./patch-box.ts";

/**
 * What one `find` (or `exists`, `count`) request rested on, beyond the boxes it returned: which detector
 * answered, at what score threshold, and how close the scores came to it. Answer warnings are derived from it.
 */
export interface FindEvidence {
  /** The patch searched, absolute. */
  readonly target: PatchBox;
  /** The label as the program asked for it. */
  readonly label: string;
  /** Id of the detector that answered. */
  readonly detector: string;
  /** The score a box needed, when the detector has one threshold. */
  readonly scoreThreshold: number | undefined;
  /** Scores of the boxes returned. */
  readonly scores: readonly number[];
  /** Scores of boxes that just missed the threshold (within the near-threshold margin), when known. */
  readonly nearMissScores: readonly number[];
}

/** The evidence of one program run's find requests, keyed by patch and label. */
export interface FindEvidenceLog {
  record(evidence: FindEvidence): void;
  /** The evidence for a request on `target` for `label` (case and surrounding spaces ignored). */
  lookup(target: PatchBox, label: string): FindEvidence | undefined;
}

/** An empty log for one run. */
export function createFindEvidenceLog(): FindEvidenceLog {
  const entries = new Map<string, FindEvidence>();
  return {
    record: (evidence) => entries.set(evidenceKey(evidence.target, evidence.label), evidence),
    lookup: (target, label) => entries.get(evidenceKey(target, label)),
  };
}

/** The key a find request is cached and looked up under. */
export function evidenceKey(target: PatchBox, label: string): string {
  return `${target.left},${target.lower},${target.right},${target.upper}:${label.trim().toLowerCase()}`;
}
