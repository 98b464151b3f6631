/**
 * The ImagePatch API: the one declaration that programs are written against.
 *
 * This file is the single source of truth. The planner's prompt is generated from it (doc comments and
 * examples included; this header is not part of the prompt), the type checker uses it as the programs'
 * global typing, and a test fails when the host implementation (src/tools) or the sandbox bridge drifts
 * from it. Examples use neutral nouns (foo, bar, qux) as ViperGPT's do, only members whose own doc they
 * illustrate plus find/exists/count, and one convention when the object is not there: counts are 0,
 * yes/no answers are "no", what/which answers are "none".
 */

/** What a program may return: a value, a patch (its box is reported), or a list of these. */
type Answer = string | number | boolean | null | ImagePatch | Answer[];

/**
 * A crop of the image, centred on an object or region, with the perception methods that look at it.
 * Programs receive the whole image as an `ImagePatch` and get smaller ones from `find` and `crop`; there
 * is no constructor. Coordinates are pixels of the original image with the origin at its BOTTOM-LEFT
 * corner: x grows to the right, y grows UP (`upper > lower`), and every patch reports absolute coordinates.
 */
declare class ImagePatch {
  /** x of the left border in the original image (pixels from the left edge). */
  readonly left: number;
  /** y of the bottom border in the original image (pixels from the BOTTOM edge). */
  readonly lower: number;
  /** x of the right border in the original image; `right > left`. */
  readonly right: number;
  /** y of the top border in the original image; `upper > lower`. */
  readonly upper: number;
  /** Width of the patch in pixels (`right - left`). */
  readonly width: number;
  /** Height of the patch in pixels (`upper - lower`). */
  readonly height: number;
  /** x of the patch's centre, `(left + right) / 2`. Smaller is further left. */
  readonly horizontal_center: number;
  /** y of the patch's centre, `(lower + upper) / 2`. Larger is higher up in the image. */
  readonly vertical_center: number;

  /**
   * Finds every object named `object_name` inside this patch and returns a patch for each (possibly none).
   * The name may carry attributes, e.g. "foo", "red foo", "large blue foo".
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_patches = await image.find("foo");
   *   return foo_patches.length;
   * }
   */
  find(object_name: string): Promise<ImagePatch[]>;

  /**
   * Returns true if at least one object named `object_name` is in this patch.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const is_foo = await image.exists("foo");
   *   const is_bar = await image.exists("bar");
   *   return bool_to_yesno(is_foo && is_bar);
   * }
   */
  exists(object_name: string): Promise<boolean>;

  /**
   * Counts the objects named `object_name` in this patch (the length of `find(object_name)`).
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_count = await image.count("foo");
   *   const bar_count = await image.count("bar");
   *   return bool_to_yesno(foo_count > bar_count);
   * }
   */
  count(object_name: string): Promise<number>;

  /**
   * Returns true if the object named `object_name` in this patch has `property` (a colour, shape, size,
   * material, ...). Unlike `exists`, it presupposes the object is there and checks the property.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_patches = await image.find("foo");
   *   const blue_foos = [];
   *   for (const foo of foo_patches) {
   *     if (await foo.verify_property("foo", "blue")) blue_foos.push(foo);
   *   }
   *   return blue_foos.length;
   * }
   */
  verify_property(object_name: string, property: string): Promise<boolean>;

  /**
   * Returns the option that best describes this patch; `prefix` is put before each option when scoring.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_patches = await image.find("foo");
   *   if (foo_patches.length === 0) return "none";
   *   return await foo_patches[0].best_text_match(["red", "green", "blue"], "foo");
   * }
   */
  best_text_match(option_list: string[], prefix?: string): Promise<string>;

  /**
   * Answers a simple perception question about this patch ("What color is the foo?", "What shape is
   * this?"), answered in a word or two. Not for reasoning or outside knowledge.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_patches = await image.find("foo");
   *   if (foo_patches.length === 0) return "none";
   *   return await foo_patches[0].simple_query("What color is this?");
   * }
   */
  simple_query(question: string): Promise<string>;

  /**
   * Median depth of the patch: larger means farther from the camera.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_patches = await image.find("foo");
   *   const bar_patches = await image.find("bar");
   *   if (foo_patches.length === 0 || bar_patches.length === 0) return "no";
   *   const foo_depth = await foo_patches[0].compute_depth();
   *   const bar_depth = await bar_patches[0].compute_depth();
   *   return bool_to_yesno(foo_depth < bar_depth);
   * }
   */
  compute_depth(): Promise<number>;

  /**
   * Returns a new patch cut from this one. The arguments are relative to THIS patch (0..width, 0..height,
   * origin bottom-left, as in ViperGPT); the new patch reports absolute coordinates. Values are rounded
   * down to whole pixels and clamped to this patch.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const left_half = image.crop(0, 0, image.width / 2, image.height);
   *   return await left_half.count("foo");
   * }
   */
  crop(left: number, lower: number, right: number, upper: number): ImagePatch;

  /**
   * Returns true if the box (absolute coordinates, origin bottom-left) overlaps this patch.
   * @example
   * async function execute_command(image: ImagePatch): Promise<Answer> {
   *   const foo_patches = await image.find("foo");
   *   const bar_patches = await image.find("bar");
   *   if (foo_patches.length === 0 || bar_patches.length === 0) return "no";
   *   const bar = bar_patches[0];
   *   return bool_to_yesno(foo_patches[0].overlaps_with(bar.left, bar.lower, bar.right, bar.upper));
   * }
   */
  overlaps_with(left: number, lower: number, right: number, upper: number): boolean;

  /**
   * The free function `llm_query` as a method (ViperGPT has both); `long_answer` asks for more than a few
   * words. The patch is not shown to the language model.
   */
  llm_query(question: string, long_answer?: boolean): Promise<string>;
}

/**
 * Returns the patch (or, with `return_index`, its index) most likely to show `content`; null when
 * `list_patches` is empty.
 * @example
 * async function execute_command(image: ImagePatch): Promise<Answer> {
 *   const foo_patches = await image.find("foo");
 *   const red_foo = await best_image_match(foo_patches, ["red foo"]);
 *   return red_foo === null ? "none" : red_foo;
 * }
 */
declare function best_image_match(list_patches: ImagePatch[], content: string[], return_index?: false): Promise<ImagePatch | null>;
declare function best_image_match(list_patches: ImagePatch[], content: string[], return_index: true): Promise<number | null>;

/**
 * Distance between the edges of two patches (0 when they touch; minus their IoU when they overlap), or
 * the absolute difference of two numbers.
 * @example
 * async function execute_command(image: ImagePatch): Promise<Answer> {
 *   const foo_patches = await image.find("foo");
 *   const bar_patches = await image.find("bar");
 *   if (foo_patches.length === 0 || bar_patches.length === 0) return "none";
 *   const bar = bar_patches[0];
 *   foo_patches.sort((a, b) => distance(a, bar) - distance(b, bar));
 *   return foo_patches[0];
 * }
 */
declare function distance(patch_a: ImagePatch | number, patch_b: ImagePatch | number): number;

/**
 * "yes" for true, "no" for false.
 * @example
 * async function execute_command(image: ImagePatch): Promise<Answer> {
 *   return bool_to_yesno(await image.exists("foo"));
 * }
 */
declare function bool_to_yesno(bool_answer: boolean): string;

/**
 * Turns a string into a number ("3", "three", "about 10-15" → 10); returns the string unchanged when it
 * holds no number.
 * @example
 * async function execute_command(image: ImagePatch): Promise<Answer> {
 *   const foo_count = await image.count("foo");
 *   const legs = coerce_to_numeric(await llm_query("How many legs does a foo have? Answer with a number."));
 *   return typeof legs === "number" ? foo_count * legs : 0;
 * }
 */
declare function coerce_to_numeric(string: string): number | string;

/**
 * Answers a text-only question with a language model (outside knowledge, reasoning). It does not see the
 * image: put what the program found into the question.
 * @example
 * async function execute_command(image: ImagePatch): Promise<Answer> {
 *   const foo_count = await image.count("foo");
 *   if (foo_count === 0) return "no";
 *   return await llm_query(`Are ${foo_count} foo enough for a football team? Answer yes or no.`);
 * }
 */
declare function llm_query(question: string): Promise<string>;
