import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/agent.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import type { Detection, Detector, PerceptionBackends } from "../../src/mllm/capabilities.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";

/**
 * A fake photo detector at the perception boundary: every label it knows (singular or with a plural "s")
 * gets the boxes listed for it, with fixed scores, at a threshold of 0.3; `nearMisses` reports the boxes
 * listed as just missing it.
 */
function fakeDetector(found: Record<string, number[]>, missed: Record<string, number[]> = {}): Detector {
  const name = (label: string) => label.replace(/s$/, "");
  const boxes = (scores: number[] = [], label: string): Detection[] =>
    scores.map((score, index) => ({ label, score, box: { x0: 10 + 30 * index, y0: 10, x1: 30 + 30 * index, y1: 30 } }));
  return {
    specificationVersion: "v1",
    id: "fake-detector",
    vocabulary: Object.keys(found),
    scenes: ["photo"],
    scoreThreshold: 0.3,
    supports: (label) => name(label) in found,
    detect: async (_image, label) => boxes(found[name(label)], label),
    nearMisses: async (_image, label) => boxes(missed[name(label)], label),
  };
}

function photo(): RgbImage {
  return { width: 200, height: 100, data: new Uint8Array(200 * 100 * 3).fill(90) };
}

function perceptionWith(detector: Detector): PerceptionBackends {
  return { classifyScene: () => "photo", detectors: [detector], visualQA: [], scorers: [] };
}

const program = (...lines: string[]) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n${lines.map((line) => `  ${line}`).join("\n")}\n}`;

describe("answer warnings from what each find rested on", () => {
  it("an answer built on a find that found nothing carries EMPTY_EVIDENCE at that line; the answer stays", async () => {
    const perception = perceptionWith(fakeDetector({ dog: [], cat: [0.9] }, { dog: [0.27] }));
    const run = await runProgramOnImage({ image: photo(), perception, source: program(`const cats = await image.find("cat");`, `return bool_to_yesno(await image.exists("dog"));`) });
    expect(run.answer).toBe("no");
    expect(run.warnings).toEqual([
      {
        code: "EMPTY_EVIDENCE",
        line: 3,
        message: expect.stringMatching(/^exists\("dog"\) found nothing \(detector fake-detector, score ≥ 0\.30\).*if there is a dog it missed.*One box scored just under the threshold \(0\.27\)\.$/),
      },
    ]);
  });

  it("a count resting on boxes near the threshold carries NEAR_THRESHOLD with the range it could take", async () => {
    const perception = perceptionWith(fakeDetector({ sheep: [0.95, 0.9, 0.33, 0.31] }, { sheep: [0.28] }));
    const run = await runProgramOnImage({ image: photo(), perception, source: program(`return await image.count("sheep");`) });
    expect(run.answer).toBe(4);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatchObject({ code: "NEAR_THRESHOLD", line: 2 });
    expect(run.warnings[0]!.message).toContain('count("sheep") returned 4');
    expect(run.warnings[0]!.message).toContain("2 of the 4 boxes score within 0.05 of fake-detector's threshold 0.30 (0.33, 0.31)");
    expect(run.warnings[0]!.message).toContain("1 more box just missed it (0.28)");
    expect(run.warnings[0]!.message).toContain("anywhere from 2 to 5");
  });

  it("a yes from exists warns only when every box it rests on is near the threshold", async () => {
    const weak = await runProgramOnImage({ image: photo(), perception: perceptionWith(fakeDetector({ cat: [0.32] })), source: program(`return await image.exists("cat");`) });
    expect(weak.warnings).toEqual([{ code: "NEAR_THRESHOLD", line: 2, message: expect.stringContaining('exists("cat") is true only because of 1 box scoring 0.32') }]);
    const solid = await runProgramOnImage({ image: photo(), perception: perceptionWith(fakeDetector({ cat: [0.32, 0.9] })), source: program(`return await image.exists("cat");`) });
    expect(solid.warnings).toEqual([]);
  });

  it("repeated calls on one line (a loop over patches) give one warning that says how many came back empty", async () => {
    const perception = perceptionWith(fakeDetector({ person: [0.9, 0.8], hat: [] }));
    const run = await runProgramOnImage({
      image: photo(),
      perception,
      source: program(
        `const people = await image.find("person");`,
        `const hats = await Promise.all(people.map((person) => person.exists("hat")));`,
        `return hats.filter(Boolean).length;`,
      ),
    });
    expect(run.answer).toBe(0);
    expect(run.warnings).toEqual([{ code: "EMPTY_EVIDENCE", line: 3, message: expect.stringContaining('exists("hat") found nothing in 2 of the 2 patches searched') }]);
  });

  it("solid evidence gives no warnings, and the agent's results carry the run's warnings", async () => {
    const perception = perceptionWith(fakeDetector({ dog: [0.9, 0.85], cat: [] }));
    const agent = createAgent({ planner: createRulePlanner(), perception });
    const counted = await agent.runProgram(photo(), program(`return (await image.find("dog")).length;`));
    expect(counted).toMatchObject({ answer: 2, warnings: [] });
    const asked = await agent.ask(photo(), "How many cats are there?");
    expect(asked.answer).toBe(0);
    expect(asked.warnings.map((warning) => warning.code)).toEqual(["EMPTY_EVIDENCE"]);
  });
});
