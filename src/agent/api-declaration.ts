import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where the ImagePatch API declaration lives, resolved from this module so it works from any cwd. */
const API_DECLARATION_PATH = fileURLToPath(new URL("../tools/api/image-patch.api.d.ts", import.meta.url));

/** The ImagePatch API declaration as the planner and the checker see it. */
export interface ApiDeclaration {
  /** The declaration's full text (JSDoc and example programs included). */
  readonly text: string;
  /** Short hash of the text: changes whenever the API does, so cached programs from an older API are not reused. */
  readonly version: string;
}

let loaded: ApiDeclaration | undefined;

/**
 * Reads the ImagePatch API declaration once per process. The file is the single source of truth: the prompt
 * and the checker's typing both come from this text.
 */
export function loadApiDeclaration(): ApiDeclaration {
  if (loaded === undefined) {
    const text = readFileSync(API_DECLARATION_PATH, "utf8");
    loaded = { text, version: createHash("sha256").update(text).digest("hex").slice(0, 16) };
  }
  return loaded;
}
