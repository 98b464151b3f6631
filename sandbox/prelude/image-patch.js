// ImagePatch as programs see it: a frozen object with a copied box and a private handle. Only the bridge
// can make one (the constructor demands a token the program never sees), so a program cannot forge a
// handle; the host checks handles again on its side.
const PATCH_TOKEN = freeze({ __proto__: null });
let handleOf;

class ImagePatch {
  #handle;
  left;
  lower;
  right;
  upper;
  width;
  height;
  horizontal_center;
  vertical_center;

  constructor(token, descriptor) {
    if (token !== PATCH_TOKEN) {
      throw new TypeErrorClass("ImagePatch cannot be constructed by a program; get patches from image.find(...) or image.crop(...).");
    }
    this.#handle = descriptor.$patch;
    this.left = descriptor.left;
    this.lower = descriptor.lower;
    this.right = descriptor.right;
    this.upper = descriptor.upper;
    this.width = this.right - this.left;
    this.height = this.upper - this.lower;
    this.horizontal_center = (this.left + this.right) / 2;
    this.vertical_center = (this.lower + this.upper) / 2;
    freeze(this);
  }

  static {
    handleOf = (value) => (value !== null && typeof value === "object" && #handle in value ? value.#handle : null);
  }

  async find(object_name) {
    return callHost("find", this.#handle, "[" + textArgument("find", "object_name", object_name) + "]");
  }

  async exists(object_name) {
    return callHost("exists", this.#handle, "[" + textArgument("exists", "object_name", object_name) + "]");
  }

  async count(object_name) {
    return callHost("count", this.#handle, "[" + textArgument("count", "object_name", object_name) + "]");
  }

  async verify_property(object_name, property) {
    return callHost("verify_property", this.#handle, "[" + textArgument("verify_property", "object_name", object_name) + "," +
      textArgument("verify_property", "property", property) + "]");
  }

  async best_text_match(option_list, prefix) {
    const options = textListArgument("best_text_match", "option_list", option_list);
    return callHost("best_text_match", this.#handle,
      "[" + options + (prefix === undefined ? "" : "," + textArgument("best_text_match", "prefix", prefix)) + "]");
  }

  async simple_query(question) {
    return callHost("simple_query", this.#handle, "[" + textArgument("simple_query", "question", question) + "]");
  }

  async compute_depth() {
    return callHost("compute_depth", this.#handle, "[]");
  }

  crop(left, lower, right, upper) {
    return callHostSync("crop", this.#handle, "[" + numberArgument("crop", "left", left) + "," + numberArgument("crop", "lower", lower) + "," +
      numberArgument("crop", "right", right) + "," + numberArgument("crop", "upper", upper) + "]");
  }

  // ViperGPT's test, borders included; pure geometry, so it never leaves the isolate.
  overlaps_with(left, lower, right, upper) {
    numberArgument("overlaps_with", "left", left);
    numberArgument("overlaps_with", "lower", lower);
    numberArgument("overlaps_with", "right", right);
    numberArgument("overlaps_with", "upper", upper);
    return this.left <= right && this.right >= left && this.lower <= upper && this.upper >= lower;
  }

  async llm_query(question, long_answer) {
    const text = textArgument("llm_query", "question", question);
    return callHost("llm_query", this.#handle,
      "[" + text + (long_answer === undefined ? "" : "," + booleanArgument("llm_query", "long_answer", long_answer)) + "]");
  }
}
freeze(ImagePatch.prototype);
freeze(ImagePatch);

function newPatch(descriptor) {
  return new ImagePatch(PATCH_TOKEN, descriptor);
}

/** The box of a real ImagePatch (its own frozen fields), or null for anything else. */
function patchBox(patch) {
  if (handleOf(patch) === null) return null;
  return { __proto__: null, left: patch.left, lower: patch.lower, right: patch.right, upper: patch.upper };
}
