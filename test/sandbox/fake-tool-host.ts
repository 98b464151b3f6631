import { ViperError, type ViperErrorCode } from "../../src/errors/index.ts";
import type { AsyncToolName, PatchDescriptor, SyncToolName, ToolHost, ToolValue } from "../../sandbox/index.ts";

/** An object in the fake scene: a box (origin bottom-left) with a colour and a shape. */
export interface FakeObject {
  readonly left: number;
  readonly lower: number;
  readonly right: number;
  readonly upper: number;
  readonly colour: string;
  readonly shape: string;
}

/**
 * The fake scene, 300 × 200 pixels: three circles (red left, blue middle, green right), a yellow triangle
 * and a purple square. Positions are chosen so that "the second circle from the left" is the blue one and
 * the left half holds the red circle, the yellow triangle and the blue circle.
 */
export const FAKE_SCENE: readonly FakeObject[] = [
  { left: 20, lower: 120, right: 60, upper: 160, colour: "red", shape: "circle" },
  { left: 220, lower: 100, right: 260, upper: 140, colour: "green", shape: "circle" },
  { left: 100, lower: 30, right: 140, upper: 70, colour: "blue", shape: "circle" },
  { left: 60, lower: 40, right: 95, upper: 80, colour: "yellow", shape: "triangle" },
  { left: 200, lower: 20, right: 240, upper: 60, colour: "purple", shape: "square" },
];

/** One call the fake host received. */
export interface FakeCall {
  readonly tool: AsyncToolName | SyncToolName;
  readonly target: number | null;
  readonly args: readonly ToolValue[];
}

/** Options for {@link FakeToolHost}. */
export interface FakeToolHostOptions {
  /** Tools that throw this error code (as a real host does when no back-end can serve them). */
  readonly failing?: Partial<Record<AsyncToolName | SyncToolName, ViperErrorCode>>;
  /** Tools whose promise never settles. */
  readonly hanging?: readonly AsyncToolName[];
}

type Box = Omit<PatchDescriptor, "$patch">;
const GENERIC_NAMES = new Set(["object", "objects", "thing", "things", "shape", "shapes"]);

/**
 * A FAKE ToolHost for the sandbox's tests: the sandbox/host boundary is real, the perception behind it is
 * a fixed scene answered by geometry. It validates handles and argument types like the real host.
 */
export class FakeToolHost implements ToolHost {
  readonly root: PatchDescriptor;
  readonly calls: FakeCall[] = [];
  readonly #patches = new Map<number, Box>();
  readonly #options: FakeToolHostOptions;

  constructor(options: FakeToolHostOptions = {}) {
    this.#options = options;
    this.root = this.#issue({ left: 0, lower: 0, right: 300, upper: 200 });
  }

  async call(tool: AsyncToolName, target: number | null, args: readonly ToolValue[]): Promise<ToolValue> {
    this.calls.push({ tool, target, args });
    this.#maybeFail(tool);
    if (this.#options.hanging?.includes(tool)) return new Promise<never>(() => {});
    if (tool === "best_image_match") return this.#bestImageMatch(args);
    if (tool === "llm_query") return `llm says: ${this.#string(args[0])}`;
    const box = this.#box(target);
    switch (tool) {
      case "find":
        return this.#objectsIn(box, this.#string(args[0])).map((object) => this.#issue(object));
      case "exists":
        return this.#objectsIn(box, this.#string(args[0])).length > 0;
      case "count":
        return this.#objectsIn(box, this.#string(args[0])).length;
      case "verify_property": {
        const object = this.#objectsIn(box, this.#string(args[0]))[0];
        return object !== undefined && [object.colour, object.shape].includes(this.#string(args[1]));
      }
      case "best_text_match": {
        const options = (args[0] as ToolValue[]).map((option) => this.#string(option));
        const object = this.#objectsIn(box, "object")[0];
        return options.find((option) => object !== undefined && [object.colour, object.shape].includes(option)) ?? options[0] ?? "";
      }
      case "simple_query": {
        const object = this.#objectsIn(box, "object")[0];
        const question = this.#string(args[0]).toLowerCase();
        if (question.startsWith("how many")) return String(this.#objectsIn(box, "object").length);
        if (object === undefined) return "nothing";
        return question.includes("shape") ? object.shape : object.colour;
      }
      case "compute_depth":
        return (box.lower + box.upper) / 20;
    }
  }

  callSync(tool: SyncToolName, target: number, args: readonly ToolValue[]): ToolValue {
    this.calls.push({ tool, target, args });
    this.#maybeFail(tool);
    const box = this.#box(target);
    const [left, lower, right, upper] = args.map((value) => {
      if (typeof value !== "number") throw new ViperError({ code: "TOOL_ARGUMENT", message: "crop takes four numbers." });
      return value;
    }) as [number, number, number, number];
    const clampX = (x: number) => Math.min(box.right, Math.max(box.left, box.left + Math.floor(x)));
    const clampY = (y: number) => Math.min(box.upper, Math.max(box.lower, box.lower + Math.floor(y)));
    return this.#issue({ left: clampX(left), lower: clampY(lower), right: clampX(right), upper: clampY(upper) });
  }

  #objectsIn(box: Box, name: string): FakeObject[] {
    const words = name.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
    return FAKE_SCENE.filter((object) => {
      const centerX = (object.left + object.right) / 2;
      const centerY = (object.lower + object.upper) / 2;
      const inside = centerX >= box.left && centerX <= box.right && centerY >= box.lower && centerY <= box.upper;
      const named = words.every((word) => GENERIC_NAMES.has(word) || word.replace(/s$/, "") === object.shape || word === object.colour);
      return inside && named;
    });
  }

  #bestImageMatch(args: readonly ToolValue[]): ToolValue {
    const patches = args[0] as PatchDescriptor[];
    const content = this.#string((args[1] as ToolValue[])[0]);
    if (patches.length === 0) return null;
    const index = Math.max(0, patches.findIndex((patch) => this.#objectsIn(this.#box(patch.$patch), content).length > 0));
    return args[2] === true ? index : (patches[index] ?? null);
  }

  #issue(box: Box): PatchDescriptor {
    const handle = this.#patches.size + 1;
    this.#patches.set(handle, { left: box.left, lower: box.lower, right: box.right, upper: box.upper });
    return { $patch: handle, left: box.left, lower: box.lower, right: box.right, upper: box.upper };
  }

  #box(handle: number | null): Box {
    const box = handle === null ? undefined : this.#patches.get(handle);
    if (box === undefined) throw new ViperError({ code: "TOOL_ARGUMENT", message: `Unknown patch handle ${String(handle)}.` });
    return box;
  }

  #string(value: ToolValue | undefined): string {
    if (typeof value !== "string") throw new ViperError({ code: "TOOL_ARGUMENT", message: "Expected a string argument." });
    return value;
  }

  #maybeFail(tool: AsyncToolName | SyncToolName): void {
    const code = this.#options.failing?.[tool];
    if (code !== undefined) {
      throw new ViperError({ code, message: `No back-end can serve ${tool}: configure one (fake host).` });
    }
  }
}
