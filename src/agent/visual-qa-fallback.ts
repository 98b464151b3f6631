import type { PerceptionBackends, VisualQA } from "../mllm/capabilities.ts";
import type { ImageSession } from "../tools/image-session.ts";

/**
 * ViperGPT's fallback when no program works: ask a visual question-answering back-end the question about
 * the whole image. Only back-ends that say they can answer this question for this image take part (the
 * pixel back-end, which knows a few question forms, usually declines arbitrary questions). Returns
 * undefined when none can.
 */
export async function askVisualQaDirectly(
  session: ImageSession,
  perception: PerceptionBackends,
  question: string,
): Promise<{ answer: string; backendId: string } | undefined> {
  const { pixels, context } = session.view(session.rootBox);
  const backend: VisualQA | undefined = perception.visualQA.find((candidate) => candidate.supports(question, context));
  if (backend === undefined) return undefined;
  return { answer: await backend.answer(pixels, question, context), backendId: backend.id };
}
