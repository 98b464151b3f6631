const single = new Float32Array(1);
const singleBits = new Uint32Array(single.buffer);

/**
 * IEEE 754 half-precision bit patterns of `values`, rounded to nearest even (overflow → infinity, tiny
 * values → subnormals or zero). transformers.js keeps float16 tensors as Uint16Array bits on Node, and its
 * own float32 → float16 conversion (4.3.1) casts the numbers instead of encoding them.
 */
export function toFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const bits = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) bits[index] = halfBits(values[index]!);
  return bits;
}

function halfBits(value: number): number {
  single[0] = value;
  const word = singleBits[0]!;
  const sign = (word >>> 16) & 0x8000;
  const exponent = ((word >>> 23) & 0xff) - 127 + 15;
  const mantissa = word & 0x7fffff;
  if (((word >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    // Subnormal: shift the mantissa, with its implicit leading 1, right past the exponent's shortfall.
    return sign | roundedShift(mantissa | 0x800000, 14 - exponent);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((exponent << 10) + roundedShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest, ties to even. */
function roundedShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return remainder > halfway || (remainder === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}
