import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed } from "../../src/datasets/random.ts";

describe("seeded random generator", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const draw = (seed: number) => Array.from({ length: 20 }, createRandom(seed).next);
    const first = createRandom(7);
    const second = createRandom(7);
    const sequence = Array.from({ length: 20 }, () => first.next());
    expect(Array.from({ length: 20 }, () => second.next())).toEqual(sequence);
    expect(draw(8)).not.toEqual(sequence);
  });

  it("keeps int, float and pick within their ranges", () => {
    const random = createRandom(1);
    const ints = Array.from({ length: 2000 }, () => random.int(2, 10));
    expect(Math.min(...ints)).toBe(2);
    expect(Math.max(...ints)).toBe(10);
    for (let index = 0; index < 1000; index++) {
      const value = random.float(-1, 1);
      expect(value).toBeGreaterThanOrEqual(-1);
      expect(value).toBeLessThan(1);
    }
    expect(() => random.pick([])).toThrow(RangeError);
  });

  it("shuffles into a permutation without changing the input", () => {
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = createRandom(3).shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("derives distinct seeds per item", () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, index) => deriveSeed(42, index)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(42, 5)).toBe(deriveSeed(42, 5));
  });
});
