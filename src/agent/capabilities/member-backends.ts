/** The kinds of perception back-end (src/mllm/capabilities.ts) that serve the ImagePatch API's members. */
export type BackendKind = "detector" | "visual-qa" | "scorer" | "depth" | "text-model";

/**
 * Which back-end kind serves each perception member of the API, as the host implementation routes them
 * (src/tools/create-tool-host.ts). Members not listed (properties, crop, overlaps_with, distance,
 * bool_to_yesno, coerce_to_numeric) need no back-end. A test checks that this covers every member whose
 * declaration returns a Promise.
 */
export const MEMBER_BACKENDS: Readonly<Record<string, BackendKind>> = Object.freeze({
  find: "detector",
  exists: "detector",
  count: "detector",
  simple_query: "visual-qa",
  verify_property: "scorer",
  best_text_match: "scorer",
  best_image_match: "scorer",
  compute_depth: "depth",
  llm_query: "text-model",
});

/** What each kind of back-end is, in words a model (and a person) reads in messages. */
export const BACKEND_NAMES: Readonly<Record<BackendKind, string>> = Object.freeze({
  detector: "an object detector",
  "visual-qa": "a vision-language model (VLM)",
  scorer: "a text-image scorer (CLIP-like) or a VLM",
  depth: "a depth model",
  "text-model": "a language model",
});
