import { describe, expect, it } from "vitest";
import { describeCapabilities } from "../../src/agent/capabilities/capability-view.ts";
import { sharedProgramChecker } from "../../src/agent/program-checker.ts";
import { ViperError } from "../../src/errors/index.ts";
import { checkProgram } from "../../src/index.ts";
import { classifyScene } from "../../src/mllm/pixels/index.ts";
import { createStoreDetector } from "../../src/mllm/onnx-detector/index.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

const program = (...body: string[]) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body.map((line) => `  ${line}`).join("\n")}\n}\n`;

function rejection(source: string, capabilities: ReturnType<typeof describeCapabilities>): ViperError {
  try {
    sharedProgramChecker().check(source, { capabilities });
  } catch (error) {
    if (ViperError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the check to fail");
}

describe("the checker knows what this set-up can serve", () => {
  const perception = pixelPerception();
  const plain = describeCapabilities({ perception, scene: "plain" });

  it("rejects a member with no back-end before anything runs: NO_BACKEND, a model-facing message and advice for a person", () => {
    const source = program('const circle_patches = await image.find("circle");', "const depth = await circle_patches[0].compute_depth();", "return depth;");
    const error = rejection(source, plain);
    expect(error.code).toBe("NO_BACKEND");
    const [diagnostic] = error.details.diagnostics as Array<{ line: number; kind: string; message: string; advice: string }>;
    expect(diagnostic).toMatchObject({ line: 3, kind: "capability" });
    expect(diagnostic!.message).toBe(
      "compute_depth is not available here: it needs a depth model and this set-up has none for plain-background scenes. Compare sizes (width * height) or vertical positions instead.",
    );
    expect(diagnostic!.advice).toContain("configure a depth model: --depth depth-anything");
    // The CLI's message is for a person: what to configure, with the line and the source line.
    expect(error.message).toContain("- line 3: compute_depth() needs a depth model that serves it on this plain-background scene; configure a depth model: --depth depth-anything");
    expect(error.message).toContain("const depth = await circle_patches[0].compute_depth();");
  });

  it("flags a name no configured detector knows, with the names find can use", () => {
    const [diagnostic] = sharedProgramChecker().diagnose(program('const shape_patches = await image.find("largest shape");', "return shape_patches.length;"), { capabilities: plain });
    expect(diagnostic).toMatchObject({ line: 2, kind: "capability" });
    expect(diagnostic!.message).toContain('find("largest shape"): no detector in this set-up knows "largest shape". find, exists and count can name circle, square, rectangle, triangle, star, object, shape, thing');
    expect(diagnostic!.message).toContain("work out order, size, position and relations in code");
  });

  it("flags literal questions, properties and options the partly served members cannot take", () => {
    const diagnostics = sharedProgramChecker().diagnose(
      program(
        'const [circle] = await image.find("circle");',
        'const made_of = await circle.simple_query("What is the circle made of?");',
        'const wooden = await circle.verify_property("circle", "wooden");',
        'const material = await circle.best_text_match(["wood", "metal"]);',
        "return [made_of, wooden, material];",
      ),
      { capabilities: plain },
    );
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.kind])).toEqual([
      [3, "capability"],
      [4, "capability"],
      [5, "capability"],
    ]);
    expect(diagnostics[0]!.message).toMatch(/^simple_query\("What is the circle made of\?"\) cannot be served here: simple_query serves only questions of these forms: "What color is this\?"/);
    expect(diagnostics[0]!.message).toContain("Use find / exists / count / verify_property / best_text_match instead");
    expect(diagnostics[1]!.message).toContain('verify_property("circle", "wooden") cannot be served here: verify_property serves only these properties: colours (red');
  });

  it("lets through what the set-up serves, values known only at run time, and the program's own functions", () => {
    const fine = [
      program('const [circle] = await image.find("large red circle");', 'return circle === undefined ? "none" : await circle.simple_query("What color is this?");'),
      program('const [circle] = await image.find("circle");', 'return bool_to_yesno(circle !== undefined && await circle.verify_property("circle", "red"));'),
      program('const name = ["circle", "star"][1];', "return await image.count(name);"),
      program("function find(name: string) { return name.length; }", 'return find("largest shape");'),
    ];
    for (const source of fine) expect(sharedProgramChecker().diagnose(source, { capabilities: plain }), source).toEqual([]);
  });

  it("reports type errors and capability problems together as PROGRAM_TYPE", () => {
    const error = rejection(program("const depth = await image.compute_depth();", 'return image.find("circle").length + depth;'), plain);
    expect(error.code).toBe("PROGRAM_TYPE");
    expect((error.details.diagnostics as Array<{ kind: string }>).map((diagnostic) => diagnostic.kind)).toEqual(["capability", "type"]);
  });

  it("on a photo with only YOLOX: simple_query needs a VLM; names outside COCO are flagged", () => {
    const yoloxOnly = describeCapabilities({ perception: { classifyScene, detectors: [createStoreDetector({ modelsDir: "/nonexistent" })], visualQA: [], scorers: [] }, scene: "photo" });
    const diagnostics = sharedProgramChecker().diagnose(program('const unicorns = await image.count("unicorn");', 'return await image.simple_query("What is this?");'), { capabilities: yoloxOnly });
    expect(diagnostics.map((diagnostic) => diagnostic.line)).toEqual([2, 3]);
    expect(diagnostics[0]!.message).toContain('no detector in this set-up knows "unicorn". find, exists and count can name person, bicycle, car');
    expect(diagnostics[1]!.message).toBe(
      "simple_query is not available here: it needs a vision-language model (VLM) and this set-up has none for photos. Use find / exists / count instead (find takes a colour word: \"red foo\"), and the patches' coordinates for positions.",
    );
  });

  it("is exported from the SDK as checkProgram(source, { perception })", () => {
    const source = program("return await image.compute_depth();");
    expect(checkProgram(source)).toEqual([]);
    expect(checkProgram(source, { perception, scene: "plain" })).toMatchObject([{ line: 2, kind: "capability" }]);
    // Without a scene kind, both kinds count: pixel analysis knows circles, no configured detector knows cars.
    expect(checkProgram(program('return await image.count("circle");'), { perception })).toEqual([]);
    expect(checkProgram(program('return await image.count("car");'), { perception })).toMatchObject([{ line: 2, kind: "capability" }]);
  });
});
