import { describe, expect, it } from "vitest";
import type { PatchDescriptor, ToolValue } from "../../sandbox/index.ts";
import { loadApiDeclaration } from "../../src/agent/api-declaration.ts";
import { parseApiMembers } from "../../src/agent/api-members.ts";
import { ViperError } from "../../src/errors/index.ts";
import type { TextModel } from "../../src/mllm/capabilities.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { createToolHost } from "../../src/tools/create-tool-host.ts";
import { openImageSession } from "../../src/tools/image-session.ts";
import { renderShapeScene } from "../fixtures/shape-scene.ts";

/** A fake language model at the llm_query boundary: echoes the question. */
const fakeTextModel: TextModel = { specificationVersion: "v1", id: "fake-echo", complete: async (prompt) => `echo: ${prompt}` };

async function sceneAndHost() {
  // 200x100 image: a red circle on the left, a blue square on the right (pixel coordinates, top-left origin).
  const { image, boxes } = await renderShapeScene({
    widthPx: 200,
    heightPx: 100,
    shapes: [
      { shape: "circle", color: "red", centerX: 50, centerY: 50, sizePx: 40, rotationDegrees: 0 },
      { shape: "square", color: "blue", centerX: 150, centerY: 30, sizePx: 30, rotationDegrees: 0 },
    ],
  });
  const perception = { ...(await createPerception({ detector: "pixels" })), textModel: fakeTextModel };
  return { host: createToolHost(openImageSession(image, perception)), boxes, imageHeight: image.height };
}

async function hostOnScene() {
  return (await sceneAndHost()).host;
}

/** A valid argument for a declared parameter type. */
function sampleArgument(type: string, root: PatchDescriptor): ToolValue {
  if (type.startsWith("string[]")) return ["red", "blue"];
  if (type.startsWith("string")) return "circle";
  if (type.startsWith("ImagePatch[]")) return [root];
  if (type === "true") return true;
  if (type.startsWith("boolean") || type === "false") return false;
  return 0;
}

describe("the host implementation follows the API declaration", async () => {
  const declaration = parseApiMembers(loadApiDeclaration().text);
  const asyncMembers = declaration.filter((member) => member.returnsPromise);

  it.each(asyncMembers.map((member) => [member.name, member.signature] as const))("serves %s as declared", async (name, signature) => {
    const host = await hostOnScene();
    const parameters = /\(([^)]*)\)/.exec(signature)![1]!.split(",").filter((part) => part.trim() !== "" && !part.includes("?"));
    const args = parameters.map((parameter) => sampleArgument(parameter.split(":")[1]!.trim(), host.root));
    const returnType = /\):\s*Promise<(.+)>;?$/.exec(signature.replace(/\s+/g, " "))![1]!;
    const target = signature.startsWith("declare function") ? null : host.root.$patch;
    let value: ToolValue;
    try {
      value = await host.call(name as never, target, args);
    } catch (error) {
      // compute_depth has no back-end on a pixel-only configuration: the host knows the tool and says what to configure.
      expect(ViperError.hasCode(error, "NO_BACKEND"), String(error)).toBe(true);
      return;
    }
    if (returnType === "ImagePatch[]") expect(Array.isArray(value)).toBe(true);
    else if (returnType.includes("ImagePatch")) expect(value === null || typeof value === "number" || (typeof value === "object" && "$patch" in (value as object))).toBe(true);
    else expect(returnType.split(" | ")).toContain(value === null ? "null" : typeof value);
  });
});

describe("tool host", () => {
  it("finds patches at absolute ViperGPT coordinates (origin bottom-left)", async () => {
    const { host, boxes, imageHeight } = await sceneAndHost();
    const [square] = (await host.call("find", host.root.$patch, ["blue square"])) as PatchDescriptor[];
    const drawn = boxes[1]!;
    // Pixel rows y0..y1 (from the top) are imageHeight - y1 .. imageHeight - y0 from the bottom.
    expect(Math.abs(square!.left - drawn.x0)).toBeLessThanOrEqual(1);
    expect(Math.abs(square!.right - drawn.x1)).toBeLessThanOrEqual(1);
    expect(Math.abs(square!.lower - (imageHeight - drawn.y1))).toBeLessThanOrEqual(1);
    expect(Math.abs(square!.upper - (imageHeight - drawn.y0))).toBeLessThanOrEqual(1);
    expect(square!.upper).toBeGreaterThan(imageHeight / 2);
  });

  it("crops relative to the patch, reports absolute boxes, and counts inside the crop", async () => {
    const host = await hostOnScene();
    const rightHalf = host.callSync("crop", host.root.$patch, [100, 0, 200, 100]) as PatchDescriptor;
    expect(rightHalf).toMatchObject({ left: 100, lower: 0, right: 200, upper: 100 });
    const topOfRightHalf = host.callSync("crop", rightHalf.$patch, [0, 50, 100, 100]) as PatchDescriptor;
    expect(topOfRightHalf).toMatchObject({ left: 100, lower: 50, right: 200, upper: 100 });
    expect(await host.call("count", topOfRightHalf.$patch, ["object"])).toBe(1);
    expect(await host.call("count", rightHalf.$patch, ["circle"])).toBe(0);
  });

  it("verifies properties and picks the best text on found patches", async () => {
    const host = await hostOnScene();
    const [circle] = (await host.call("find", host.root.$patch, ["circle"])) as PatchDescriptor[];
    expect(await host.call("verify_property", circle!.$patch, ["circle", "red"])).toBe(true);
    expect(await host.call("verify_property", circle!.$patch, ["circle", "blue"])).toBe(false);
    expect(await host.call("best_text_match", circle!.$patch, [["green", "red", "blue"]])).toBe("red");
  });

  it("refuses forged handles, empty crops and bad argument types with TOOL_ARGUMENT", async () => {
    const host = await hostOnScene();
    await expect(host.call("find", 999, ["circle"])).rejects.toMatchObject({ code: "TOOL_ARGUMENT" });
    await expect(host.call("find", host.root.$patch, [42])).rejects.toMatchObject({ code: "TOOL_ARGUMENT" });
    await expect(host.call("best_image_match", null, [[{ $patch: 77, left: 0, lower: 0, right: 1, upper: 1 }], ["red"]])).rejects.toMatchObject({ code: "TOOL_ARGUMENT" });
    expect(() => host.callSync("crop", host.root.$patch, [10, 10, 10, 50])).toThrow(/no area/);
  });

  it("says what to configure when no back-end serves a primitive", async () => {
    const host = await hostOnScene();
    await expect(host.call("simple_query", host.root.$patch, ["Why is the circle there?"])).rejects.toMatchObject({
      code: "NO_BACKEND",
      message: expect.stringMatching(/--vlm/),
    });
    await expect(host.call("compute_depth", host.root.$patch, [])).rejects.toMatchObject({ code: "NO_BACKEND", message: expect.stringMatching(/--depth/) });
  });
});
