import { Tensor } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { toFloat16Bits } from "../../src/mllm/transformers/float16.ts";

describe("float32 → float16 bits (toFloat16Bits)", () => {
  it.each([
    [1.5, 0x3e00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [70000, 0x7c00],
    [-Infinity, 0xfc00],
    [0, 0x0000],
    [-0, 0x8000],
    [1e-7, 0x0002],
    [1e-9, 0x0000],
    [6.103515625e-5, 0x0400],
  ])("encodes %d as the half-precision bits %i", (value, bits) => {
    expect(toFloat16Bits([value])[0]).toBe(bits);
  });

  it("rounds halfway cases to the even neighbour and keeps NaN a NaN", () => {
    // 1 + 2^-11 is halfway between 1 (0x3c00) and the next half 1 + 2^-10 (0x3c01): ties go to even.
    expect(toFloat16Bits([1 + 2 ** -11, 1 + 3 * 2 ** -11])).toEqual(Uint16Array.from([0x3c00, 0x3c02]));
    const [nan] = toFloat16Bits([Number.NaN]);
    expect(nan! & 0x7c00).toBe(0x7c00);
    expect(nan! & 0x3ff).not.toBe(0);
  });

  it("round-trips through transformers.js's float16 → float32 to within half precision", () => {
    const values = Float32Array.from({ length: 200 }, (_, index) => Math.sin(index) * 10 ** ((index % 7) - 3));
    const decoded = new Tensor("float16", toFloat16Bits(values), [values.length]).to("float32").data as Float32Array;
    decoded.forEach((value, index) => expect(Math.abs(value - values[index]!)).toBeLessThanOrEqual(Math.abs(values[index]!) * 2 ** -11 + 2 ** -24));
  });
});
