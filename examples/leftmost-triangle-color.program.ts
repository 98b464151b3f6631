// Extremes: "What color is the leftmost triangle?"
async function execute_command(image: ImagePatch): Promise<Answer> {
  const triangle_patches = await image.find("triangle");
  if (triangle_patches.length === 0) return "no triangle";
  let leftmost = triangle_patches[0];
  for (const triangle of triangle_patches) {
    if (triangle.horizontal_center < leftmost.horizontal_center) leftmost = triangle;
  }
  return await leftmost.best_text_match(["red", "orange", "yellow", "green", "blue", "purple"], "triangle");
}
