import { ViperError } from "../../errors/index.ts";
import type { PerceptionBackends, VisualQA } from "../../mllm/capabilities.ts";
import { openImageSession } from "../../tools/image-session.ts";
import type { AnswerOutcome, QuestionAnswerer } from "../question-answerer.ts";

/** Options for {@link createDirectAnswerer}. */
export interface DirectAnswererOptions {
  readonly perception: PerceptionBackends;
  /**
   * The VLM back-ends to ask (ids as in `perception.visualQA`); other VisualQA back-ends (the pixel
   * analyser) are not asked, so the comparison is with the VLM alone.
   */
  readonly vlmIds: readonly string[];
  /** Named in summaries, e.g. "ollama:llava". */
  readonly label: string;
  /** Frees the perception back-ends. */
  readonly dispose?: () => Promise<void>;
}

/**
 * Answers by asking the configured VLM the question about the whole image, with no program: the
 * baseline the program approach is compared with (`viper eval --direct`).
 */
export function createDirectAnswerer(options: DirectAnswererOptions): QuestionAnswerer {
  const { perception, vlmIds, label, dispose = async () => {} } = options;
  const vlms: VisualQA[] = perception.visualQA.filter((backend) => vlmIds.includes(backend.id));
  if (vlms.length === 0) throw noVlmForDirectError();
  return {
    id: `direct (${label})`,
    async answer({ image, question, signal }): Promise<AnswerOutcome> {
      signal.throwIfAborted();
      const started = performance.now();
      const { pixels, context } = openImageSession(image, perception).view({ left: 0, lower: 0, right: image.width, upper: image.height });
      const vlm = vlms.find((backend) => backend.supports(question, context));
      if (vlm === undefined) {
        throw new ViperError({ code: "NO_BACKEND", message: `The VLM ${vlms.map((backend) => backend.id).join(", ")} declined the question "${question}".`, details: { question } });
      }
      const answer = await vlm.answer(pixels, question, context);
      return { answer, program: null, trace: [], timings: { vqaMs: Math.round(performance.now() - started) }, fallback: false };
    },
    dispose,
  };
}

/** The error for `--direct` without a VLM; the CLI throws it too, before it loads any back-end. */
export function noVlmForDirectError(): ViperError {
  return new ViperError({
    code: "CONFIG_INVALID",
    message: "--direct asks a VLM the question directly, but no VLM is configured: add --vlm <provider>:<model> (e.g. --vlm ollama:llava, with --vlm-base-url for a server elsewhere).",
    details: { option: "--vlm" },
  });
}
