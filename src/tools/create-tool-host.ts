import { ViperError } from "../errors/index.ts";
import type { AsyncToolName, PatchDescriptor, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "../../sandbox/tool-host.ts";
import { findDetails } from "./find-evidence.ts";
import type { ImageSession } from "./image-session.ts";
import { PerceptionRouter } from "./perception-router.ts";
import { patchArea, type PatchBox } from "./patch-box.ts";
import { ToolArguments } from "./tool-arguments.ts";

/** A score at or above this means verify_property holds. */
const VERIFY_PROPERTY_THRESHOLD = 0.5;

type PatchTool = (patch: PatchBox, args: ToolArguments, report?: (details: ToolCallDetails) => void) => Promise<ToolValue>;
type FreeTool = (args: ToolArguments) => Promise<ToolValue>;

/**
 * The host side of one program run on one image: a registry of the patches handed to the program
 * (opaque handles, valid only in this run) and the ImagePatch tools, each checking its arguments and
 * routing to perception. Create one per run; the image session may be shared across runs.
 */
export function createToolHost(session: ImageSession): ToolHost {
  const router = new PerceptionRouter(session);
  // What each find rested on goes on its trace entry, where answer warnings are derived from.
  const find = async (patch: PatchBox, args: ToolArguments, report?: (details: ToolCallDetails) => void): Promise<PatchBox[]> => {
    const { boxes, evidence } = await router.find(patch, args.text(0, "object_name"));
    report?.(findDetails(evidence));
    return boxes;
  };
  const patches = new Map<number, PatchBox>();

  const register = (box: PatchBox): PatchDescriptor => {
    const handle = patches.size + 1;
    patches.set(handle, box);
    return { $patch: handle, ...box };
  };
  const resolve = (handle: number | null, tool: string): PatchBox => {
    const box = handle === null ? undefined : patches.get(handle);
    if (!box) {
      throw new ViperError({ code: "TOOL_ARGUMENT", message: `${tool}: unknown ImagePatch (handle ${String(handle)}); use patches that this run's find() or crop() returned.`, details: { tool, handle } });
    }
    return box;
  };

  const patchTools: Record<Exclude<AsyncToolName, "llm_query" | "best_image_match">, PatchTool> = {
    find: async (patch, args, report) => (await find(patch, args, report)).map(register),
    exists: async (patch, args, report) => (await find(patch, args, report)).length > 0,
    count: async (patch, args, report) => (await find(patch, args, report)).length,
    verify_property: async (patch, args) => {
      const text = `${args.text(1, "property")} ${args.text(0, "object_name")}`;
      const [score = 0] = await router.score(patch, [text], `verify_property("${text}")`);
      return score >= VERIFY_PROPERTY_THRESHOLD;
    },
    best_text_match: async (patch, args) => {
      const options = args.textList(0, "option_list");
      const prefix = args.optionalText(1, "prefix");
      const texts = prefix === undefined ? options : options.map((option) => `${prefix} ${option}`);
      const scores = await router.score(patch, texts, `best_text_match(${JSON.stringify(options)})`);
      return options[argmax(scores)] ?? options[0]!;
    },
    simple_query: (patch, args, report) => router.answer(patch, args.text(0, "question"), report),
    compute_depth: (patch) => router.medianDepth(patch),
  };

  const freeTools: Record<"llm_query" | "best_image_match", FreeTool> = {
    llm_query: (args) => router.complete(args.text(0, "question")),
    best_image_match: async (args) => {
      const handles = args.patchHandles(0, "list_patches");
      const content = args.textList(1, "content");
      const returnIndex = args.optionalBoolean(2, "return_index", false);
      if (handles.length === 0) return null;
      // Scored concurrently so a batching scorer can embed every patch in one run.
      const meanScores = await Promise.all(
        handles.map(async (handle) => {
          const scores = await router.score(resolve(handle, "best_image_match"), content, `best_image_match(${JSON.stringify(content)})`);
          return scores.reduce((sum, value) => sum + value, 0) / scores.length;
        }),
      );
      const best = argmax(meanScores);
      return returnIndex ? best : register(resolve(handles[best]!, "best_image_match"));
    },
  };

  const crop = (patch: PatchBox, args: ToolArguments): PatchDescriptor => {
    const width = patch.right - patch.left;
    const height = patch.upper - patch.lower;
    const left = clamp(Math.floor(args.number(0, "left")), 0, width);
    const lower = clamp(Math.floor(args.number(1, "lower")), 0, height);
    const right = clamp(Math.floor(args.number(2, "right")), 0, width);
    const upper = clamp(Math.floor(args.number(3, "upper")), 0, height);
    const box = { left: patch.left + left, lower: patch.lower + lower, right: patch.left + right, upper: patch.lower + upper };
    if (patchArea(box) === 0) {
      throw new ViperError({
        code: "TOOL_ARGUMENT",
        message: `crop(${left}, ${lower}, ${right}, ${upper}) has no area inside this ${width}x${height} patch; arguments are relative to the patch, with right > left and upper > lower.`,
        details: { tool: "crop", patch },
      });
    }
    return register(box);
  };

  return {
    root: register(session.rootBox),
    async call(tool, target, args, report) {
      const toolArguments = new ToolArguments(tool, args);
      if (tool === "llm_query" || tool === "best_image_match") return freeTools[tool](toolArguments);
      const patchTool = patchTools[tool];
      if (!patchTool) throw new ViperError({ code: "TOOL_ARGUMENT", message: `Unknown tool "${String(tool)}".`, details: { tool } });
      return patchTool(resolve(target, tool), toolArguments, report);
    },
    callSync(tool: SyncToolName, target, args) {
      if (tool !== "crop") throw new ViperError({ code: "TOOL_ARGUMENT", message: `Unknown tool "${String(tool)}".`, details: { tool } });
      return crop(resolve(target, tool), new ToolArguments(tool, args));
    },
  };
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index]! > values[best]!) best = index;
  return best;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
