import type { Agent } from "../../agent/index.ts";
import type { RgbImage } from "../../mllm/rgb-image.ts";
import { openImageSession, type ImageSession } from "../../tools/image-session.ts";
import type { AnswerOutcome, QuestionAnswerer } from "../question-answerer.ts";

/**
 * Answers with the agent: the planner writes a program, the sandbox runs it against the perception
 * back-ends (with repairs and the VLM fallback as the agent is configured).
 */
export function createAgentAnswerer(options: { agent: Agent; dispose?: () => Promise<void> }): QuestionAnswerer {
  const { agent, dispose = async () => {} } = options;
  // Questions about one image share a session, so detections and segmentations are computed once per
  // image; the runner keeps one RgbImage object per image while its questions run, and drops it after.
  const sessions = new WeakMap<RgbImage, ImageSession>();
  const sessionFor = (image: RgbImage): ImageSession => {
    let session = sessions.get(image);
    if (session === undefined) {
      session = openImageSession(image, agent.perception);
      sessions.set(image, session);
    }
    return session;
  };
  return {
    id: `program (${agent.planner.id})`,
    async answer({ image, question, signal }): Promise<AnswerOutcome> {
      const result = await agent.ask(sessionFor(image), question, { signal });
      const { planMs, checkMs, runMs } = result.timings;
      return {
        answer: result.answer,
        program: result.program,
        trace: result.trace,
        timings: { planMs: Math.round(planMs), checkMs: Math.round(checkMs), runMs: Math.round(runMs) },
        fallback: result.fallback,
      };
    },
    dispose,
  };
}
