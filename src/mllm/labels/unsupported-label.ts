import { ViperError } from "../../errors/index.ts";

/** How many class names an error message lists before "and N more". */
const LISTED_NAMES = 12;

/** A vocabulary as a short phrase: "hardhat, vest" or "person, bicycle, ... and 68 more". */
export function describeVocabulary(vocabulary: readonly string[] | "open"): string {
  if (vocabulary === "open") return "any noun (open vocabulary)";
  if (vocabulary.length === 0) return "nothing (no classes)";
  const listed = vocabulary.slice(0, LISTED_NAMES).join(", ");
  return vocabulary.length > LISTED_NAMES ? `${listed} and ${vocabulary.length - LISTED_NAMES} more` : listed;
}

/**
 * The error for a label a closed-vocabulary detector cannot look for: it names the label, what the detector
 * can find, and the open-vocabulary detector to configure.
 */
export function unsupportedLabelError(label: string, detectorId: string, vocabulary: readonly string[]): ViperError {
  return new ViperError({
    code: "NO_BACKEND",
    message:
      `The ${detectorId} detector cannot find "${label}": it knows ${describeVocabulary(vocabulary)} (and their synonyms). ` +
      "Configure an open-vocabulary detector: --detector owlv2 (needs a transformers.js OWLv2 model) " +
      "or --detector grounding-dino, or ask about one of its classes.",
    details: { label, detector: detectorId, vocabulary: [...vocabulary], suggestion: "--detector owlv2" },
  });
}
