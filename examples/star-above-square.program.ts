// Spatial relation: "Is the yellow star above the blue square?"
// ViperGPT coordinates: y grows UP, so "above" means a larger vertical_center.
async function execute_command(image: ImagePatch): Promise<Answer> {
  const star_patches = await image.find("yellow star");
  const square_patches = await image.find("blue square");
  if (star_patches.length === 0 || square_patches.length === 0) return "no";
  const star = star_patches[0];
  const square = square_patches[0];
  return bool_to_yesno(star.vertical_center > square.vertical_center);
}
