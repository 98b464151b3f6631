/**
 * The contract between the sandbox and the host side of the ImagePatch API (src/tools).
 *
 * Inside the isolate, patches are plain frozen objects that carry a copied box and an opaque integer
 * handle. Every perception call crosses the bridge as `(tool, target handle, copied arguments)`; the host
 * resolves the handle in a per-run registry, does the work and answers with copied values in which a
 * patch is again a {@link PatchDescriptor}. Nothing else from the host reaches the program.
 */

/** A patch as it crosses the bridge: an opaque handle plus its absolute box (ViperGPT convention). */
export interface PatchDescriptor {
  /** Opaque handle, valid only within the run that issued it. */
  readonly $patch: number;
  readonly left: number;
  readonly lower: number;
  readonly right: number;
  readonly upper: number;
}

/** A value that can cross the bridge in either direction. */
export type ToolValue = string | number | boolean | null | PatchDescriptor | ToolValue[];

/** What a host may report about serving one call (shown in its trace entry): short names to numbers, words or flags. */
export type ToolCallDetails = Readonly<Record<string, string | number | boolean>>;

/** Names of the tools that run on the host and take time (perception, language models). */
export type AsyncToolName =
  | "find"
  | "exists"
  | "count"
  | "verify_property"
  | "best_text_match"
  | "simple_query"
  | "compute_depth"
  | "llm_query"
  | "best_image_match";

/** Names of the tools that run on the host synchronously (cheap geometry the host must know about). */
export type SyncToolName = "crop";

/** The host side one run talks to. Created per run by src/tools. */
export interface ToolHost {
  /** The whole image as a patch: the argument of `execute_command`. */
  readonly root: PatchDescriptor;
  /**
   * Runs an asynchronous tool. `target` is the handle of the patch the method was called on, or null for
   * a free function (`llm_query`, `best_image_match`). Throws ViperError (TOOL_ARGUMENT, NO_BACKEND, ...)
   * on bad arguments or when no back-end can serve the call. `report` records facts about serving the
   * call on its trace entry (`details`).
   */
  call(tool: AsyncToolName, target: number | null, args: readonly ToolValue[], report?: (details: ToolCallDetails) => void): Promise<ToolValue>;
  /**
   * Runs a synchronous tool (`crop`) on the patch with handle `target`. The program waits for the result
   * synchronously either way; a host that must ask elsewhere (the process pool asks its parent) may
   * return a promise.
   */
  callSync(tool: SyncToolName, target: number, args: readonly ToolValue[]): ToolValue | PromiseLike<ToolValue>;
}
