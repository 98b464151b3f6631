import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/agent.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import { COMPOSE_FAMILIES, generateComposeQuestions } from "../../src/datasets/compose-questions.ts";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { ViperError } from "../../src/errors/index.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

const SEEDS = Array.from({ length: 20 }, (_, index) => 1000 + index);

describe("rule planner on generated compositional scenes", () => {
  it("answers at least 95% of template questions right, with a row per family (the new ones included), through the sandbox", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), vlmFallback: false, cache: false });
    const tally = new Map<string, { right: number; total: number }>(COMPOSE_FAMILIES.map((family) => [family, { right: 0, total: 0 }]));
    const misses: string[] = [];
    for (const seed of SEEDS) {
      const scene = await generateComposeScene({ seed });
      for (const question of generateComposeQuestions({ scene, count: COMPOSE_FAMILIES.length })) {
        const family = tally.get(question.family)!;
        family.total += 1;
        const answer = await agent.ask(scene.image, question.question).then(
          (result) => result.answer,
          (error: unknown) => (ViperError.isInstance(error) ? error.code : String(error)),
        );
        if (answer === question.answer) family.right += 1;
        else misses.push(`seed ${seed}: ${question.question} → ${JSON.stringify(answer)}, expected ${JSON.stringify(question.answer)}`);
      }
    }
    const right = [...tally.values()].reduce((sum, family) => sum + family.right, 0);
    const total = [...tally.values()].reduce((sum, family) => sum + family.total, 0);
    expect(total).toBeGreaterThanOrEqual(SEEDS.length * COMPOSE_FAMILIES.length - 12);
    expect(right / total, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    for (const [name, family] of tally) {
      expect(family.total, name).toBeGreaterThanOrEqual(8);
      expect(family.right / family.total, `${name}: ${misses.join("\n")}`).toBeGreaterThanOrEqual(0.9);
    }
  }, 120_000);

  it("gives an unsupported question the typed error instead of a guess", async () => {
    const scene = await generateComposeScene({ seed: 1000 });
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), vlmFallback: false });
    const error = await agent.ask(scene.image, "Which shape would roll best?").catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "PLANNER_UNSUPPORTED")).toBe(true);
    expect((error as ViperError).message).toContain('"Which shape would roll best?"');
  });
});
