// Attribute after sorting: "What color is the second circle from the left?"
async function execute_command(image: ImagePatch): Promise<Answer> {
  const circle_patches = await image.find("circle");
  circle_patches.sort((a, b) => a.horizontal_center - b.horizontal_center);
  if (circle_patches.length < 2) return "there are fewer than two circles";
  return await circle_patches[1].simple_query("What color is this?");
}
