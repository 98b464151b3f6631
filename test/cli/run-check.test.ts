import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ComposeScene, generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { encodePng } from "../../src/tools/image-io.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const folder = useTemporaryFolder({ prefix: "viper-run-check-" });
const body = (...lines: string[]) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n${lines.map((line) => `  ${line}`).join("\n")}\n}\n`;

describe("viper run --check", () => {
  let scene: ComposeScene;
  let imagePath: string;
  const programFile = async (name: string, source: string) => {
    const path = join(folder(), name);
    await writeFile(path, source);
    return path;
  };
  beforeAll(async () => {
    scene = await generateComposeScene({ seed: 21, minObjects: 6, maxObjects: 9 });
    imagePath = join(folder(), "scene.png");
    await writeFile(imagePath, await encodePng(scene.image));
  });

  it("runs a program that passes the check", async () => {
    const program = await programFile("count.ts", body('return (await image.find("circles")).length;'));
    const { exitCode, stdout } = await runViperInProcess(["run", imagePath, program, "--check", "--detector", "pixels"]);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(`${scene.objects.filter((object) => object.shape === "circle").length}\n`);
  });

  it("stops before running a call this set-up cannot serve: NO_BACKEND, the line and what to configure", async () => {
    const program = await programFile("depth.ts", body('const [circle] = await image.find("circle");', "return await circle.compute_depth();"));
    const human = await runViperInProcess(["run", imagePath, program, "--check", "--detector", "pixels"]);
    expect(human.exitCode).toBe(1);
    expect(human.stderr).toContain("viper run: NO_BACKEND: The program calls what no configured back-end can serve:\n- line 3: compute_depth() needs a depth model");
    expect(human.stderr).toContain("--depth depth-anything");
    const json = await runViperInProcess(["run", imagePath, program, "--check", "--detector", "pixels", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ answer: null, trace: [], error: { code: "NO_BACKEND" } });
  });

  it("reports await mistakes and type errors as PROGRAM_TYPE; without --check the same program runs and answers wrongly", async () => {
    const program = await programFile("filter.ts", body('const circles = await image.find("circles");', 'return circles.filter(async (circle) => await circle.verify_property("circle", "red")).length;'));
    const checked = await runViperInProcess(["run", imagePath, program, "--check", "--detector", "pixels"]);
    expect(checked.exitCode).toBe(1);
    expect(checked.stderr).toContain("PROGRAM_TYPE");
    expect(checked.stderr).toContain("- line 3: filter() got an async callback");
    const unchecked = await runViperInProcess(["run", imagePath, program, "--detector", "pixels"]);
    expect(unchecked.exitCode).toBe(0);
    expect(unchecked.stdout).toBe(`${scene.objects.filter((object) => object.shape === "circle").length}\n`);
  });
});
