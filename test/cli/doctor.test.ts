import { createServer } from "node:http";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCudaProviderInstalled } from "../../src/mllm/onnx/index.ts";
import { listenOnLoopback, type ListeningServer } from "../fixtures/loopback-http.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { describeRequiring, testModelFile } from "../fixtures/test-requirements.ts";
import { runViperLauncher } from "../fixtures/viper-launcher.ts";

interface DoctorReport {
  ok: boolean;
  checks: { name: string; status: "ok" | "note" | "fail"; detail: string }[];
}

const folder = useTemporaryFolder({ prefix: "viper-doctor-" });
const YOLOX_NANO = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });

/** The environment of a user with no models folder set and an empty user cache (inside the test folder). */
function freshUserEnvironment(): NodeJS.ProcessEnv {
  const { VIPER_MODELS_DIR: _unset, ...rest } = process.env;
  return { ...rest, XDG_CACHE_HOME: join(folder(), "cache") };
}

async function doctor(argv: string[], env = freshUserEnvironment()) {
  const outcome = await runViperLauncher(["doctor", ...argv], { env });
  return { ...outcome, report: argv.includes("--json") ? (JSON.parse(outcome.stdout) as DoctorReport) : undefined };
}

function check(report: DoctorReport | undefined, name: string) {
  const found = report?.checks.find((each) => each.name === name);
  if (!found) throw new Error(`no "${name}" check in ${JSON.stringify(report)}`);
  return found;
}

let server: ListeningServer;
let closedPort: number;
beforeAll(async () => {
  server = await listenOnLoopback(createServer((_request, response) => response.writeHead(404).end()));
  const closed = await listenOnLoopback(createServer());
  closedPort = closed.port;
  await closed.close();
});
afterAll(async () => server?.close());

// Each test starts the real launcher, which loads every native module, once or twice.
describe("viper doctor", { timeout: 120_000 }, () => {
  it("on a fresh install: every native module loads, missing optional parts are notes with a way to add them, exit 0", async () => {
    const { exitCode, report } = await doctor(["--json"]);
    expect(exitCode).toBe(0);
    expect(report!.ok).toBe(true);
    expect(check(report, "node")).toMatchObject({ status: "ok", detail: expect.stringContaining(process.version) });
    for (const name of ["isolated-vm", "sharp", "onnx runtime"]) expect(check(report, name).status).toBe("ok");
    expect(check(report, "model yolox-nano")).toMatchObject({ status: "note", detail: expect.stringContaining("viper models pull yolox-nano") });
    for (const { status, detail } of report!.checks) {
      if (status === "note") expect(detail).toMatch(/add it with|viper models pull|apt-get|install|to use the GPU/);
    }
  });

  it("prints one line per check, starting with its status", async () => {
    const [{ exitCode, stdout }, { report }] = await Promise.all([doctor([]), doctor(["--json"])]);
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(report!.checks.length);
    lines.forEach((line, index) => expect(line).toMatch(new RegExp(`^${report!.checks[index]!.status} +${report!.checks[index]!.name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} +\\S`)));
  });

  it("a models folder without the default detector's model is a failure: exit 1, and the line says how to get it", async () => {
    const empty = join(folder(), "no-models");
    await mkdir(empty, { recursive: true });
    const { exitCode, report } = await doctor(["--json", "--models-dir", empty]);
    expect(exitCode).toBe(1);
    expect(report!.ok).toBe(false);
    expect(check(report, "model yolox-nano")).toMatchObject({ status: "fail", detail: expect.stringContaining(`viper models pull yolox-nano --models-dir ${empty}`) });
  });

  it("a server given with --planner-base-url or --vlm-base-url is checked: one that answers is ok, a closed port fails", async () => {
    const reachable = await doctor(["--json", "--planner-base-url", server.url]);
    expect(reachable.exitCode).toBe(0);
    expect(check(reachable.report, "planner server")).toMatchObject({ status: "ok", detail: expect.stringContaining("HTTP 404") });
    const closed = await doctor(["--json", "--vlm-base-url", `http://127.0.0.1:${closedPort}`]);
    expect(closed.exitCode).toBe(1);
    expect(check(closed.report, "vlm server")).toMatchObject({ status: "fail", detail: expect.stringContaining("cannot be reached (ECONNREFUSED)") });
  });

  it.skipIf(isCudaProviderInstalled())("--device cuda makes the missing CUDA provider a failure that says how to install it", async () => {
    const { exitCode, report } = await doctor(["--json", "--device", "cuda"]);
    expect(exitCode).toBe(1);
    expect(check(report, "cuda")).toMatchObject({ status: "fail", detail: expect.stringContaining("ONNXRUNTIME_NODE_INSTALL=cuda12") });
  });

  it("--help explains the statuses; an unknown argument or --device value is a usage error", async () => {
    const help = await doctor(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/ok, note\s+\(optional or not configured: says how to add it\) or fail/);
    expect((await doctor(["everything"])).exitCode).toBe(2);
    expect((await doctor(["--device", "tpu"])).exitCode).toBe(2);
  });
});

describeRequiring([YOLOX_NANO], "viper doctor with the YOLOX model", () => {
  it("verifies a model file in the models folder by its checksum", async () => {
    const models = join(folder(), "models");
    await mkdir(models, { recursive: true });
    await copyFile(YOLOX_NANO.path, join(models, "yolox_nano.onnx"));
    const { exitCode, report } = await doctor(["--json", "--models-dir", models]);
    expect(exitCode).toBe(0);
    expect(check(report, "model yolox-nano")).toMatchObject({ status: "ok", detail: expect.stringMatching(/verified by checksum/) });
  });
});
