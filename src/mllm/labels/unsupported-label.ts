import { ViperError } from "../../errors/index.ts";

/**
 * The error for a label no COCO detector can look for: it names the label and the open-vocabulary detector
 * to configure.
 */
export function unsupportedLabelError(label: string, detectorId: string): ViperError {
  return new ViperError({
    code: "NO_BACKEND",
    message:
      `The ${detectorId} detector only knows the 80 COCO categories (person, car, dog, ...), and "${label}" is not one of them ` +
      "or their synonyms. Configure an open-vocabulary detector: --detector owlv2 (needs a transformers.js OWLv2 model) " +
      "or --detector grounding-dino, or ask about a COCO category.",
    details: { label, detector: detectorId, suggestion: "--detector owlv2" },
  });
}
