import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { createDirectAnswerer } from "../../src/eval/answerers/direct-answerer.ts";
import type { VisualQA } from "../../src/mllm/capabilities.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

/** A FAKE VLM at the VisualQA boundary: it answers "3" and remembers what it saw. */
function createFakeVlm(): VisualQA & { seen: Array<{ width: number; height: number; question: string }> } {
  const seen: Array<{ width: number; height: number; question: string }> = [];
  return {
    specificationVersion: "v1",
    id: "fake-vlm",
    seen,
    supports: () => true,
    async answer(image, question) {
      seen.push({ width: image.width, height: image.height, question });
      return "3";
    },
  };
}


const image = { width: 8, height: 6, data: new Uint8Array(8 * 6 * 3).fill(240) };

describe("createDirectAnswerer", () => {
  it("asks the VLM the question about the whole image, with no program", async () => {
    const vlm = createFakeVlm();
    const answerer = createDirectAnswerer({ perception: pixelPerception([vlm]), vlmIds: ["fake-vlm"], label: "fake:vlm" });
    const outcome = await answerer.answer({ image, imageKey: "a", question: "How many dots?", signal: new AbortController().signal });
    expect(outcome).toMatchObject({ answer: "3", program: null, trace: [], fallback: false });
    expect(vlm.seen).toEqual([{ width: 8, height: 6, question: "How many dots?" }]);
    expect(answerer.id).toBe("direct (fake:vlm)");
  });

  it("refuses to start without a VLM, saying what to configure (the pixel analyser does not count)", () => {
    let failure: unknown;
    try {
      createDirectAnswerer({ perception: pixelPerception([]), vlmIds: [], label: "none" });
    } catch (error) {
      failure = error;
    }
    expect(ViperError.hasCode(failure, "CONFIG_INVALID")).toBe(true);
    expect((failure as Error).message).toContain("--vlm ollama:llava");
  });
});
