import { describe, expect, it } from "vitest";
import { createAgent, createRulePlanner } from "../../src/agent/index.ts";
import type { Detector } from "../../src/mllm/capabilities.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { openImageSession } from "../../src/tools/image-session.ts";
import { renderShapeScene } from "../fixtures/shape-scene.ts";

/** Wraps a real detector and counts how often it is asked to detect. */
function countingDetector(inner: Detector): Detector & { calls: number } {
  const counted = {
    ...inner,
    calls: 0,
    detect: async (...args: Parameters<Detector["detect"]>) => {
      counted.calls++;
      return inner.detect(...args);
    },
  };
  return counted;
}

describe("questions about one image can share its session", () => {
  it("runs detection once for two questions asked on the same session, and answers both right", async () => {
    const { image } = await renderShapeScene({
      widthPx: 240,
      heightPx: 160,
      shapes: [
        { shape: "circle", color: "red", centerX: 50, centerY: 60, sizePx: 40, rotationDegrees: 0 },
        { shape: "circle", color: "red", centerX: 120, centerY: 100, sizePx: 40, rotationDegrees: 0 },
        { shape: "square", color: "blue", centerX: 190, centerY: 60, sizePx: 40, rotationDegrees: 0 },
      ],
    });
    const base = await createPerception({ detector: "pixels" });
    const detector = countingDetector(base.detectors[0]!);
    const perception = { ...base, detectors: [detector] };
    const agent = createAgent({ planner: createRulePlanner(), perception, cache: false });

    const session = openImageSession(image, perception);
    expect((await agent.ask(session, "How many red circles are there?")).answer).toBe(2);
    expect((await agent.ask(session, "How many red circles are there?")).answer).toBe(2);
    expect(detector.calls).toBe(1);

    // A new session per ask (plain RgbImage input) detects again.
    await agent.ask(image, "How many red circles are there?");
    expect(detector.calls).toBe(2);
  });

  it("refuses a session opened with other back-ends", async () => {
    const { image } = await renderShapeScene({ widthPx: 60, heightPx: 60, shapes: [] });
    const agent = createAgent({ planner: createRulePlanner(), perception: await createPerception({ detector: "pixels" }) });
    const foreign = openImageSession(image, await createPerception({ detector: "pixels" }));
    await expect(agent.ask(foreign, "How many circles are there?")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
