import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getModelEntry, MODEL_REGISTRY, resolveModel, sha256OfFile, type ModelEntry } from "../../src/mllm/model-store/index.ts";
import { TINY_DETECTOR_SIZE, ultralyticsDetectorFixture, yoloxDetectorFixture } from "../fixtures/onnx/detector-fixtures.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { startLoopbackModelServer, type LoopbackModelServer } from "./loopback-model-server.ts";

const cacheHome = useTemporaryFolder({ prefix: "viper-detector-registry-", per: "test" });
let server: LoopbackModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the detector models the store knows", () => {
  it("are YOLOX-Nano, Tiny, S, M, L and X from Megvii's official release, all Apache-2.0, never GPL/AGPL weights", () => {
    expect(MODEL_REGISTRY.map((entry) => entry.id)).toEqual(["yolox-nano", "yolox-tiny", "yolox-s", "yolox-m", "yolox-l", "yolox-x"]);
    for (const entry of MODEL_REGISTRY) {
      expect(entry.licence).toBe("Apache-2.0");
      expect(entry.url).toMatch(/^https:\/\/github\.com\/Megvii-BaseDetection\/YOLOX\/releases\/download\/0\.1\.1rc0\/yolox_\w+\.onnx$/);
      expect(entry.classNames).toHaveLength(80);
      expect(entry.sha256[0]).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(getModelEntry("yolox-m")).toMatchObject({ fileName: "yolox_m.onnx", sizeBytes: 101_259_744, acceptBySignature: true });
    expect(getModelEntry("yolox-m").signature?.outputs).toEqual([{ name: "output", type: "float32", shape: [1, 8400, 85] }]);
    expect(getModelEntry("yolox-tiny").signature?.inputs).toEqual([{ name: "images", type: "float32", shape: [1, 3, 416, 416] }]);
    expect(getModelEntry("yolox-nano").acceptBySignature).toBeUndefined();
  });

  it("viper models list shows them with their licence", async () => {
    const { exitCode, stdout } = await runViperInProcess(["models", "list", "--models-dir", cacheHome()]);
    expect(exitCode).toBe(0);
    for (const id of ["yolox-tiny", "yolox-s", "yolox-m", "yolox-l", "yolox-x"]) expect(stdout).toMatch(new RegExp(`^${id}\\t.*\\tApache-2\\.0$`, "m"));
  });
});

/** yolox-m's entry, pointed at the loopback server and at the tiny fixture's input/output signature. */
function yoloxMFrom(served: LoopbackModelServer): ModelEntry {
  const anchors = (TINY_DETECTOR_SIZE / 8) ** 2 + (TINY_DETECTOR_SIZE / 16) ** 2 + (TINY_DETECTOR_SIZE / 32) ** 2;
  return {
    ...getModelEntry("yolox-m"),
    url: served.entry.url,
    signature: {
      inputs: [{ name: "images", type: "float32", shape: [1, 3, TINY_DETECTOR_SIZE, TINY_DETECTOR_SIZE] }],
      outputs: [{ name: "output", type: "float32", shape: [1, anchors, 85] }],
    },
  };
}

describe("pulling a model whose recorded checksum could not be verified here (loopback server)", () => {
  const pull = (entry: ModelEntry, notices: string[]) =>
    resolveModel(entry.id, { registry: [entry], env: { XDG_CACHE_HOME: cacheHome() }, retries: 0, onNotice: (message) => notices.push(message) });

  it("accepts a download with other bytes when its ONNX signature matches, and prints its sha256 to pin", async () => {
    server = await startLoopbackModelServer([], yoloxDetectorFixture({ classCount: 80 }));
    const notices: string[] = [];
    const resolved = await pull(yoloxMFrom(server), notices);
    const sha256 = server.entry.sha256[0]!;
    expect(await sha256OfFile(resolved.path)).toBe(sha256);
    expect(resolved.verification).toMatchObject({ ok: true, method: "signature", sha256 });
    expect(notices.join("\n")).toContain(`sha256 ${sha256}`);
    expect(notices.join("\n")).toContain("Pin this sha256");
  });

  it("refuses a download whose signature differs (another model), leaving nothing behind", async () => {
    server = await startLoopbackModelServer([], ultralyticsDetectorFixture({ classCount: 80 }));
    const error = await rejectionOf(pull(yoloxMFrom(server), []));
    expect(error.code).toBe("MODEL_DOWNLOAD");
    expect(error.message).toContain("not the expected file");
    expect(await readdir(join(cacheHome(), "viper-ts", "models"))).toEqual([]);
  });

  it("an entry whose checksum is verified (yolox-nano) refuses other bytes even with the right signature", async () => {
    server = await startLoopbackModelServer([], yoloxDetectorFixture({ classCount: 80 }));
    const strict: ModelEntry = { ...yoloxMFrom(server), acceptBySignature: undefined };
    const error = await rejectionOf(pull(strict, []));
    expect(error.code).toBe("MODEL_DOWNLOAD");
  });

  it("a download with the recorded checksum is accepted by it", async () => {
    server = await startLoopbackModelServer([], yoloxDetectorFixture({ classCount: 80 }));
    const recorded: ModelEntry = { ...yoloxMFrom(server), sizeBytes: server.bytes.length, sha256: server.entry.sha256 };
    const notices: string[] = [];
    const resolved = await pull(recorded, notices);
    expect(resolved.verification.method).toBe("checksum");
    expect(notices.some((notice) => notice.includes("Pin this sha256"))).toBe(false);
    expect(await readFile(resolved.path)).toEqual(server.bytes);
  });
});
