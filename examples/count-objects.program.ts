// Counting (the CCNL question): "How many objects are in this photo?"
async function execute_command(image: ImagePatch): Promise<Answer> {
  const object_patches = await image.find("object");
  return object_patches.length;
}
