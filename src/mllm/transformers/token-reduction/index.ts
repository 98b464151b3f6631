export { quantile, upperOutliers } from "./iqr-outliers.ts";
export { mergeNeighbours, type NeighbourMergeOptions } from "./neighbour-merge.ts";
export { pruneAndMergeTokens, type PrunedTokens, type PruneAndMergeOptions, type VisualTokens } from "./prumerge.ts";
export { isTokenReduction, TOKEN_REDUCTIONS, type TokenReduction } from "./token-reduction-mode.ts";
export { uniformSamples } from "./uniform-samples.ts";
