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
  const area = (object: SceneObject) => (object.box.x1 - object.box.x0) * (object.box.y1 - object.box.y0);
  const gap = (a: SceneObject, b: SceneObject) => Math.hypot(Math.max(0, a.box.x0 - b.box.x1, b.box.x0 - a.box.x1), Math.max(0, a.box.y0 - b.box.y1, b.box.y0 - a.box.y1));
  const extremeKeys: Record<string, (object: SceneObject) => number> = {
    leftmost: (o) => o.center.x,
    rightmost: (o) => -o.center.x,
    topmost: (o) => o.center.y,
    bottommost: (o) => -o.center.y,
    largest: (o) => -area(o),
    smallest: (o) => area(o),
  };
  const extremeOf = (word: string, phrase: string): SceneObject => {
    const key = extremeKeys[word]!;
    const sorted = refer(phrase).sort((a, b) => key(a) - key(b));
    if (word === "largest" || word === "smallest") {
      const [big, small] = word === "largest" ? [sorted[0]!, sorted[1]!] : [sorted[1]!, sorted[0]!];
      expect(area(big) / area(small), `${word} ${phrase}`).toBeGreaterThanOrEqual(1.3);
    } else {
      expect(key(sorted[1]!) - key(sorted[0]!)).toBeGreaterThanOrEqual(10);
    }
    return sorted[0]!;
  };
  let match: RegExpMatchArray | null;
  if ((match = question.match(/^What (color|shape|size) is the (.+) closest to the (.+)\?$/))) {
    const reference = single(match[3]!);
    const sorted = refer(match[2]!).filter((object) => object !== reference).sort((a, b) => gap(a, reference) - gap(b, reference));
    if (sorted.length > 1) expect(gap(sorted[1]!, reference) - gap(sorted[0]!, reference)).toBeGreaterThanOrEqual(12);
    return sorted[0]![match[1] as "color"];
  }
  if ((match = question.match(/^What (color|shape|size) is the (.+) (to the left of|to the right of|above|below) the (.+)\?$/))) {
    const reference = single(match[4]!);
    const [only, ...more] = refer(match[2]!).filter((object) => object !== reference && holds(object, match![3]!, reference));
    expect(more, question).toEqual([]);
    return only![match[1] as "color"];
  }
  if ((match = question.match(/^What (color|shape|size) is the (largest|smallest) (.+)\?$/))) return extremeOf(match[2]!, match[3]!)[match[1] as "color"];
  if ((match = question.match(/^Is the (leftmost|rightmost|topmost|bottommost|largest|smallest) (.+) an? (\w+)\?$/))) {
    return extremeOf(match[1]!, match[2]!).shape === match[3] ? "yes" : "no";
  }
  if ((match = question.match(/^Is the (leftmost|rightmost|topmost|bottommost|largest|smallest) (.+) (\w+)\?$/))) {
    return extremeOf(match[1]!, match[2]!).color === match[3] ? "yes" : "no";
  }
  if ((match = question.match(/^Are all the (.+) the same (color|shape|size)\?$/))) {
    const group = refer(match[1]!);
    expect(group.length).toBeGreaterThanOrEqual(2);
    return group.every((object) => object[match![2] as "color"] === group[0]![match![2] as "color"]) ? "yes" : "no";
  }
  if ((match = question.match(/^Are all the (.+) (\w+)\?$/))) {
    const word = match[2]!;
    return refer(match[1]!).every((object) => object.color === word || object.size === word) ? "yes" : "no";
  }
  if ((match = question.match(/^Is the number of (.+) (greater than|less than|equal to) the number of (.+)\?$/))) {
    const difference = refer(match[1]!).length - refer(match[3]!).length;
    return (match[2] === "greater than" ? difference > 0 : match[2] === "less than" ? difference < 0 : difference === 0) ? "yes" : "no";
  }
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
      const questions = generateComposeQuestions({ scene, count: 2 * COMPOSE_FAMILIES.length });
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
    for (let seed = 100; seed < 160; seed++) questions.push(...generateComposeQuestions({ scene: await generateComposeScene({ seed }), count: 2 * COMPOSE_FAMILIES.length }));
    const yesNo = questions.filter((question) => question.answer === "yes" || question.answer === "no");
    const yesShare = yesNo.filter((question) => question.answer === "yes").length / yesNo.length;
    expect(yesShare).toBeGreaterThan(0.3);
    expect(yesShare).toBeLessThan(0.7);
    const counts = new Set(questions.filter((question) => question.family === "count").map((question) => question.answer));
    expect(counts.size).toBeGreaterThanOrEqual(5);
    for (const family of ["extreme-is", "universal", "count-compare"]) {
      const answers = questions.filter((question) => question.family === family);
      const yes = answers.filter((question) => question.answer === "yes").length / answers.length;
      expect(yes, family).toBeGreaterThan(0.25);
      expect(yes, family).toBeLessThan(0.75);
    }
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
