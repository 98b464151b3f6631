// Composition (crop, find, verify_property): "How many of the large things in the left half are green?"
async function execute_command(image: ImagePatch): Promise<Answer> {
  const left_half = image.crop(0, 0, image.width / 2, image.height);
  const large_patches = await left_half.find("large thing");
  let green_count = 0;
  for (const patch of large_patches) {
    if (await patch.verify_property("thing", "green")) green_count += 1;
  }
  return green_count;
}
