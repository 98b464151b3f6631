import { ViperError } from "../errors/index.ts";
import type { SceneKind } from "../mllm/capabilities.ts";
import { describeVocabulary } from "../mllm/labels/index.ts";
import { PIXEL_VOCABULARY } from "../mllm/pixels/no-backend.ts";

const HOW_TO_CONFIGURE = {
  find: "to find any noun in photos, configure an open-vocabulary detector: --detector owlv2 (or grounding-dino)",
  simple_query: "configure a vision-language model: --vlm ollama:llava, --vlm openai:gpt-4o-mini, or --vlm hf:onnx-community/llava-onevision-qwen2-0.5b-ov-hf",
  score: "configure a text-image scorer: --scorer clip (a --vlm does not score texts)",
  compute_depth: "configure a depth model: --depth depth-anything",
  llm_query: "configure a language model: --llm openai:gpt-4o-mini or --llm ollama:llama3.1",
} as const;

/**
 * Plain-background scenes are served by pixel analysis alone: the learned detectors (YOLOX, OWLv2,
 * Grounding DINO) declare `scenes: ["photo"]` (docs/MODELS.md), so suggesting them there would be untrue.
 */
const FIND_ON_PLAIN_SCENES = `on plain-background scenes only pixel analysis finds objects (no detector option changes that), and it knows ${PIXEL_VOCABULARY}; ask about those shapes instead`;

/** Which primitive could not be served, for the message. */
export type UnservedPrimitive = keyof typeof HOW_TO_CONFIGURE;

/** What to configure so that `primitive` has a back-end, e.g. "configure a depth model: --depth depth-anything". */
export function configureAdvice(primitive: UnservedPrimitive): string {
  return HOW_TO_CONFIGURE[primitive];
}

/**
 * The NO_BACKEND error for a primitive no configured back-end can serve: says what was asked, what is
 * configured and what to configure.
 */
export function noBackendError(options: {
  primitive: UnservedPrimitive;
  request: string;
  scene: SceneKind;
  configured: readonly string[];
  /** For find: what each detector serving this kind of scene can find (listed in the message). */
  vocabularies?: ReadonlyArray<{ readonly id: string; readonly vocabulary?: readonly string[] | "open" }>;
}): ViperError {
  const { primitive, request, scene, configured, vocabularies = [] } = options;
  const have = configured.length === 0 ? "none is configured" : `configured: ${configured.join(", ")}`;
  const canFind = vocabularies
    .filter((each) => each.vocabulary !== undefined)
    .map((each) => `${each.id} can find ${describeVocabulary(each.vocabulary!)}`);
  const known = canFind.length === 0 ? "" : ` — ${canFind.join("; ")}`;
  return new ViperError({
    code: "NO_BACKEND",
    message: `No back-end can serve ${request} on this ${scene === "plain" ? "plain-background scene" : "photo"} (${have})${known}; ${advice(primitive, scene)}.`,
    details: {
      primitive,
      request,
      scene,
      configured: [...configured],
      ...(vocabularies.length === 0 ? {} : { vocabularies: vocabularies.map((each) => ({ id: each.id, vocabulary: each.vocabulary ?? null })) }),
    },
  });
}

function advice(primitive: UnservedPrimitive, scene: SceneKind): string {
  return primitive === "find" && scene === "plain" ? FIND_ON_PLAIN_SCENES : HOW_TO_CONFIGURE[primitive];
}
