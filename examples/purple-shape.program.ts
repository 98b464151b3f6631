// Attribute by choice: "What shape is the purple object?"
async function execute_command(image: ImagePatch): Promise<Answer> {
  const purple_patches = await image.find("purple object");
  if (purple_patches.length === 0) return "no purple object";
  return await purple_patches[0].best_text_match(["circle", "square", "rectangle", "triangle", "star"]);
}
