import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import {
  createDownloadProgressReporter,
  resolveModel,
  type DownloadProgress,
  type ModelEntry,
} from "../../src/mllm/model-store/index.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { describeRequiring, testModelFile } from "../fixtures/test-requirements.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { startLoopbackModelServer, type LoopbackModelServer } from "./loopback-model-server.ts";

const cacheHome = useTemporaryFolder({ prefix: "viper-model-store-", per: "test" });
let server: LoopbackModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function cacheDir(): string {
  return join(cacheHome(), "viper-ts", "models");
}

function resolveFrom(entry: ModelEntry, extra: { env?: Record<string, string>; onProgress?: (progress: DownloadProgress) => void; retries?: number } = {}) {
  return resolveModel(entry.id, {
    registry: [entry],
    env: { XDG_CACHE_HOME: cacheHome(), ...extra.env },
    retryDelayMs: 5,
    retries: extra.retries ?? 3,
    onProgress: extra.onProgress,
  });
}


describe("resolveModel downloading from the official URL (loopback server)", () => {
  it("downloads into the user cache, reports progress, verifies and renames into place", async () => {
    server = await startLoopbackModelServer([]);
    const progress: DownloadProgress[] = [];
    const resolved = await resolveFrom(server.entry, { onProgress: (event) => progress.push(event) });
    expect(resolved.source).toBe("download");
    expect(resolved.path).toBe(join(cacheDir(), "loopback_model.onnx"));
    expect(await readFile(resolved.path)).toEqual(server.bytes);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ receivedBytes: server.bytes.length, totalBytes: server.bytes.length });
    expect(await readdir(cacheDir())).toEqual(["loopback_model.onnx"]);

    const again = await resolveFrom(server.entry);
    expect(again.source).toBe("cache");
    expect(server.replies).toHaveLength(1);
  });

  it("retries after an HTTP 503 and after a connection dropped mid-body", async () => {
    server = await startLoopbackModelServer(["http-503", "drop-midway", "ok"]);
    const resolved = await resolveFrom(server.entry);
    expect(server.replies).toEqual(["http-503", "drop-midway", "ok"]);
    expect(await readFile(resolved.path)).toEqual(server.bytes);
    expect(await readdir(cacheDir())).toEqual(["loopback_model.onnx"]);
  });

  it("gives up with MODEL_DOWNLOAD after the last retry, leaving no file", async () => {
    server = await startLoopbackModelServer(["http-503", "http-503", "http-503"]);
    const error = await rejectionOf(resolveFrom(server.entry, { retries: 2 }));
    expect(error.code).toBe("MODEL_DOWNLOAD");
    expect(error.message).toContain("503");
    expect(error.message).toContain("VIPER_MODELS_DIR");
    expect(server.replies).toHaveLength(3);
    expect(await readdir(cacheDir())).toEqual([]);
  });

  it("does not retry a 404", async () => {
    server = await startLoopbackModelServer(["http-404"]);
    const error = await rejectionOf(resolveFrom(server.entry));
    expect(error.code).toBe("MODEL_DOWNLOAD");
    expect(server.replies).toEqual(["http-404"]);
  });

  it("rejects a download whose checksum does not match and leaves no file behind", async () => {
    server = await startLoopbackModelServer(["wrong-bytes"]);
    const error = await rejectionOf(resolveFrom(server.entry));
    expect(error.code).toBe("MODEL_DOWNLOAD");
    expect(error.message).toContain("sha256");
    expect(server.replies).toEqual(["wrong-bytes"]);
    expect(await readdir(cacheDir())).toEqual([]);
  });

  it("never uses a partial file: a truncated cached copy is replaced and stale temporaries are removed", async () => {
    server = await startLoopbackModelServer([]);
    await mkdir(cacheDir(), { recursive: true });
    await writeFile(join(cacheDir(), "loopback_model.onnx"), server.bytes.subarray(0, 1000));
    await writeFile(join(cacheDir(), ".loopback_model.onnx.abc123.download"), server.bytes.subarray(0, 5000));
    const resolved = await resolveFrom(server.entry);
    expect(resolved.source).toBe("download");
    expect(await readFile(resolved.path)).toEqual(server.bytes);
    expect(await readdir(cacheDir())).toEqual(["loopback_model.onnx"]);
  });
});

describe("resolveModel without network", () => {
  const offlineEntry: ModelEntry = {
    id: "loopback-model",
    description: "never served",
    fileName: "loopback_model.onnx",
    url: "http://127.0.0.1:9/never.onnx",
    sizeBytes: 10,
    sha256: ["0".repeat(64)],
    licence: "test",
  };

  it("VIPER_OFFLINE=1 with no file → MODEL_NOT_FOUND saying how to get it", async () => {
    const error = await rejectionOf(resolveFrom(offlineEntry, { env: { VIPER_OFFLINE: "1" } }));
    expect(error.code).toBe("MODEL_NOT_FOUND");
    expect(error.message).toContain("viper models pull loopback-model");
    expect(error.message).toContain(offlineEntry.url);
    expect(error.message).toContain("VIPER_MODELS_DIR");
  });

  it("VIPER_MODELS_DIR turns downloads off and names the missing path", async () => {
    const folder = join(cacheHome(), "my-models");
    const error = await rejectionOf(resolveFrom(offlineEntry, { env: { VIPER_MODELS_DIR: folder } }));
    expect(error.code).toBe("MODEL_NOT_FOUND");
    expect(error.message).toContain(join(folder, "loopback_model.onnx"));
  });

  it("a file in the chosen folder that fails verification → MODEL_LOAD", async () => {
    const folder = join(cacheHome(), "my-models");
    await mkdir(folder);
    await writeFile(join(folder, "loopback_model.onnx"), "not the model");
    const error = await rejectionOf(resolveModel("loopback-model", { registry: [offlineEntry], modelsDir: folder, env: {} }));
    expect(error.code).toBe("MODEL_LOAD");
  });

  it("unknown model id → MODEL_NOT_FOUND listing the known ids", async () => {
    const error = await rejectionOf(resolveModel("yolo-v99", { env: { VIPER_OFFLINE: "1" } }));
    expect(error.code).toBe("MODEL_NOT_FOUND");
    expect(error.message).toContain("yolox-nano");
  });
});

const YOLOX_NANO_FILE = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });

describeRequiring([YOLOX_NANO_FILE], "YOLOX-Nano from the models folder", () => {
  const modelsDir = dirname(YOLOX_NANO_FILE.path);

  it("accepts the re-exported file by its listed checksum", async () => {
    const resolved = await resolveModel("yolox-nano", { modelsDir, env: {} });
    expect(resolved.source).toBe("option");
    expect(resolved.verification).toMatchObject({ ok: true, method: "checksum" });
  });

  it("accepts an unlisted file by its ONNX input/output signature, and rejects one whose signature differs", async () => {
    const original = await readFile(join(modelsDir, "yolox_nano.onnx"));
    const entry = (await import("../../src/mllm/model-store/index.ts")).YOLOX_NANO;
    const folder = join(cacheHome(), "copy");
    await mkdir(folder);
    await writeFile(join(folder, "yolox_nano.onnx"), original);
    const unlisted: ModelEntry = { ...entry, sha256: ["f".repeat(64)] };
    const resolved = await resolveModel("yolox-nano", { registry: [unlisted], modelsDir: folder, env: {} });
    expect(resolved.verification).toMatchObject({ ok: true, method: "signature" });

    const wrongShape: ModelEntry = { ...unlisted, signature: { inputs: [{ name: "images", type: "float32", shape: [1, 3, 640, 640] }], outputs: [] } };
    const error = await rejectionOf(resolveModel("yolox-nano", { registry: [wrongShape], modelsDir: folder, env: {} }));
    expect(error.code).toBe("MODEL_LOAD");
    expect(error.message).toContain("640");
  });
});

describe("download progress reporter", () => {
  it("writes a few plain lines when the stream is not a terminal", () => {
    const stream = new PassThrough();
    const reporter = createDownloadProgressReporter({ stream });
    for (let received = 0; received <= 1000; received += 10) reporter.onProgress({ modelId: "m", receivedBytes: received, totalBytes: 1000, attempt: 1 });
    reporter.finish();
    const lines = String(stream.read()).trim().split("\n");
    expect(lines).toEqual(["m: 0% of 0.0 MB", "m: 25% of 0.0 MB", "m: 50% of 0.0 MB", "m: 75% of 0.0 MB", "m: 100% of 0.0 MB"]);
  });
});
