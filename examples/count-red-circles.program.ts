// Counting with attributes: "How many red circles are there?"
async function execute_command(image: ImagePatch): Promise<Answer> {
  return await image.count("red circle");
}
