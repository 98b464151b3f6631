/**
 * How many of the vision encoder's tokens an image puts in the prompt: `all` of them, or PruMerge's
 * adaptive selection (`prumerge`, about 5% of LLaVA-1.5's 576 in the paper) with its kept tokens' nearest
 * neighbours merged in, or PruMerge+ (`prumerge+`, the same plus spatially uniform samples, about 25%).
 */
export type TokenReduction = "all" | "prumerge" | "prumerge+";

/** Every {@link TokenReduction}, for option parsing and messages. */
export const TOKEN_REDUCTIONS: readonly TokenReduction[] = ["all", "prumerge", "prumerge+"];

/** Whether `value` names a {@link TokenReduction}. */
export function isTokenReduction(value: unknown): value is TokenReduction {
  return (TOKEN_REDUCTIONS as readonly unknown[]).includes(value);
}
