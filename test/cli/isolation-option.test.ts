import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const folder = useTemporaryFolder({ prefix: "viper-isolation-" });
const program = () => join(folder(), "count.ts");

beforeAll(() => writeFile(program(), 'async function execute_command(image: ImagePatch) { return (await image.find("circle")).length; }'));

describe("--isolation on the commands that run programs", () => {
  it.each(["process", "in-process"])("run --isolation %s answers", async (isolation) => {
    const { exitCode, stdout } = await runViperInProcess(["run", "examples/images/shapes.png", program(), "--isolation", isolation]);
    expect([exitCode, stdout]).toEqual([0, "4\n"]);
  });

  it("an unknown value is CONFIG_INVALID naming the flag", async () => {
    const { exitCode, stdout } = await runViperInProcess(["run", "examples/images/shapes.png", program(), "--isolation", "container", "--json"]);
    expect(exitCode).toBe(1);
    expect(JSON.parse(stdout).error).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("--isolation must be process or in-process") });
  });

  it.each(["run", "ask", "eval"])("%s --help documents it", async (command) => {
    const { stdout } = await runViperInProcess([command, "--help"]);
    expect(stdout).toContain("--isolation process|in-process");
  });
});
