import { describe, expect, it } from "vitest";
import { generateComposeScene, type SceneObject } from "../../src/datasets/compose-scene.ts";
import { COMPOSE_FAMILIES, generateComposeQuestions, type SceneQuestion } from "../../src/datasets/compose-questions.ts";

/**
 * An independent reading of the question templates: it parses the question text and answers it from the
 * scene graph (pixel coordinates, y down), so a generator bug in either the wording or the answer shows.
 */
function referenceAnswer(question: string, objects: readonly SceneObject[]): number | string {
  const refer = (phrase: string): SceneObject[] => {
    const words = phrase.replace(/^(a|an) /, "").split(" ");
    return objects.filter((object) =>
      words.every((word) => {
        const singular = word.replace(/s$/, "");
        if (["object", "thing", "shape"].includes(singular)) return true;
        if (["small", "large"].includes(word)) return object.size === word;
        if (["circle", "square", "rectangle", "triangle", "star"].includes(singular)) return object.shape === singular;
        return object.color === word;
      }),
    );
  };
  const single = (phrase: string): SceneObject => {
    const found = refer(phrase);
    expect(found, `"${phrase}" must name exactly one object`).toHaveLength(1);
    return found[0]!;
  };
  const holds = (subject: SceneObject, relation: string, reference: SceneObject): boolean => {
    if (relation.includes("left")) return subject.center.x < reference.center.x;
    if (relation.includes("right")) return subject.center.x > reference.center.x;
    if (relation === "above") return subject.center.y < reference.center.y;
    return subject.center.y > reference.center.y;
  };
  let match: RegExpMatchArray | null;
  if ((match = question.match(/^How many (.+) are (left of|right of|above|below) the (.+)\?$/))) {
    const reference = single(match[3]!);
    return refer(match[1]!).filter((object) => object !== reference && holds(object, match![2]!, reference)).length;
  }
  if ((match = question.match(/^How many (.+) are there\?$/))) return refer(match[1]!).length;
  if ((match = question.match(/^Is there (.+)\?$/))) return refer(match[1]!).length > 0 ? "yes" : "no";
  if ((match = question.match(/^Is the (.+) (to the left of|to the right of|above|below) the (.+)\?$/))) {
    return holds(single(match[1]!), match[2]!, single(match[3]!)) ? "yes" : "no";
  }
  if ((match = question.match(/^Are there (more|fewer) (.+) than (.+)\?$/))) {
    const difference = refer(match[2]!).length - refer(match[3]!).length;
    return (match[1] === "more" ? difference > 0 : difference < 0) ? "yes" : "no";
  }
  if ((match = question.match(/^What (color|shape|size) is the (leftmost|rightmost|topmost|bottommost) (.+)\?$/))) {
    const key = { leftmost: (o: SceneObject) => o.center.x, rightmost: (o: SceneObject) => -o.center.x, topmost: (o: SceneObject) => o.center.y, bottommost: (o: SceneObject) => -o.center.y }[match[2] as "leftmost"];
    const sorted = refer(match[3]!).sort((a, b) => key(a) - key(b));
    expect(key(sorted[1]!) - key(sorted[0]!)).toBeGreaterThanOrEqual(10);
    return sorted[0]![match[1] as "color"];
  }
  if ((match = question.match(/^What (color|shape|size) is the (.+)\?$/))) return single(match[2]!)[match[1] as "color"];
  throw new Error(`No template matches: ${question}`);
}

describe("template questions over compositional scenes", () => {
  it("answers every question as an independent reading of the scene graph does", async () => {
    const perFamily = new Map<string, number>();
    for (let seed = 0; seed < 60; seed++) {
      const scene = await generateComposeScene({ seed });
      const questions = generateComposeQuestions({ scene, count: 14 });
      for (const question of questions) {
        expect(question.answer, question.question).toEqual(referenceAnswer(question.question, scene.objects));
        expect(question.sceneId).toBe(`compose-${seed}`);
        perFamily.set(question.family, (perFamily.get(question.family) ?? 0) + 1);
      }
    }
    for (const family of COMPOSE_FAMILIES) expect(perFamily.get(family), family).toBeGreaterThan(60);
  });

  it("keeps yes/no answers roughly balanced and counts varied", async () => {
    const questions: SceneQuestion[] = [];
    for (let seed = 100; seed < 160; seed++) questions.push(...generateComposeQuestions({ scene: await generateComposeScene({ seed }), count: 14 }));
    const yesNo = questions.filter((question) => question.answer === "yes" || question.answer === "no");
    const yesShare = yesNo.filter((question) => question.answer === "yes").length / yesNo.length;
    expect(yesShare).toBeGreaterThan(0.3);
    expect(yesShare).toBeLessThan(0.7);
    const counts = new Set(questions.filter((question) => question.family === "count").map((question) => question.answer));
    expect(counts.size).toBeGreaterThanOrEqual(5);
  });

  it("is deterministic and never repeats a question for a scene", async () => {
    const scene = await generateComposeScene({ seed: 3 });
    const first = generateComposeQuestions({ scene, count: 20 });
    expect(generateComposeQuestions({ scene, count: 20 })).toEqual(first);
    expect(new Set(first.map((question) => question.question)).size).toBe(first.length);
  });

  it("restricts questions to the requested families", async () => {
    const scene = await generateComposeScene({ seed: 4 });
    const questions = generateComposeQuestions({ scene, count: 6, families: ["spatial", "extreme"] });
    expect(new Set(questions.map((question) => question.family))).toEqual(new Set(["spatial", "extreme"]));
  });
});
