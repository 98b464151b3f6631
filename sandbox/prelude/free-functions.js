// The API's free functions. best_image_match and llm_query need the host; the others are pure and run in
// the isolate with ViperGPT's semantics.

async function best_image_match(list_patches, content, return_index) {
  const patches = patchListArgument("best_image_match", "list_patches", list_patches);
  const texts = textListArgument("best_image_match", "content", content);
  const flag = return_index === undefined ? "" : "," + booleanArgument("best_image_match", "return_index", return_index);
  return callHost("best_image_match", null, "[" + patches + "," + texts + flag + "]");
}

async function llm_query(question) {
  return callHost("llm_query", null, "[" + textArgument("llm_query", "question", question) + "]");
}

// ViperGPT: the Euclidean gap between the boxes' edges; when they touch or overlap, minus their IoU
// (so overlapping boxes sort closer than touching ones); for two numbers, |a - b|.
function distance(patch_a, patch_b) {
  const boxA = patchBox(patch_a);
  const boxB = patchBox(patch_b);
  if (boxA === null || boxB === null) {
    if (typeof patch_a === "number" && typeof patch_b === "number") return mathAbs(patch_a - patch_b);
    throw argumentError("distance", "patch_a, patch_b", "two ImagePatch or two numbers", boxA === null ? patch_a : patch_b);
  }
  const gapX = mathMax(0, boxA.left - boxB.right, boxB.left - boxA.right);
  const gapY = mathMax(0, boxA.lower - boxB.upper, boxB.lower - boxA.upper);
  const gap = mathSqrt(gapX * gapX + gapY * gapY);
  return gap === 0 ? -intersectionOverUnion(boxA, boxB) : gap;
}

function intersectionOverUnion(boxA, boxB) {
  const width = mathMax(0, mathMin(boxA.right, boxB.right) - mathMax(boxA.left, boxB.left));
  const height = mathMax(0, mathMin(boxA.upper, boxB.upper) - mathMax(boxA.lower, boxB.lower));
  const intersection = width * height;
  const union = (boxA.right - boxA.left) * (boxA.upper - boxA.lower) + (boxB.right - boxB.left) * (boxB.upper - boxB.lower) - intersection;
  return union > 0 ? intersection / union + 0 : 0;
}

function bool_to_yesno(bool_answer) {
  return bool_answer ? "yes" : "no";
}
