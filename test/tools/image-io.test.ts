import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadImage } from "../../src/tools/image-io.ts";
import { decompressionBombPng, flatJpeg, truncatedJpeg } from "../fixtures/bad-images.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const folder = useTemporaryFolder({ prefix: "viper-bad-images-" });

beforeAll(async () => {
  await writeFile(join(folder(), "empty.png"), Buffer.alloc(0));
  await writeFile(join(folder(), "notes.png"), "these are notes, not pixels\n");
  await writeFile(join(folder(), "truncated.jpg"), await truncatedJpeg());
  await writeFile(join(folder(), "bomb.png"), decompressionBombPng(20_000));
  await writeFile(join(folder(), "good.jpg"), await flatJpeg(64, 48));
});

const failure = (path: string) => rejectionOf(loadImage(join(folder(), path)));

describe("loadImage refuses bad images with IMAGE_INVALID and a message that says what was wrong", () => {
  it("a missing file", async () => {
    const error = await failure("missing.png");
    expect(error.code).toBe("IMAGE_INVALID");
    expect(error.message).toMatch(/does not exist/);
  });

  it("a zero-byte file", async () => {
    const error = await failure("empty.png");
    expect(error.code).toBe("IMAGE_INVALID");
    expect(error.message).toMatch(/empty \(0 bytes\)/);
  });

  it("a file that is not an image", async () => {
    const error = await failure("notes.png");
    expect(error.code).toBe("IMAGE_INVALID");
    expect(error.message).toMatch(/not an image/);
  });

  it("a truncated JPEG", async () => {
    const error = await failure("truncated.jpg");
    expect(error.code).toBe("IMAGE_INVALID");
    expect(error.message).toMatch(/truncated or corrupt/);
  });

  it("a 20000x20000 PNG decompression bomb, refused from its header without decoding it", async () => {
    const rssBefore = process.memoryUsage().rss;
    const error = await failure("bomb.png");
    expect(error.code).toBe("IMAGE_INVALID");
    expect(error.message).toMatch(/20000x20000/);
    expect(error.details).toMatchObject({ width: 20_000, height: 20_000 });
    // Decoding would need 1.2 GB; refusing from the header allocates next to nothing.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("a directory", async () => {
    const error = await failure(".");
    expect(error.code).toBe("IMAGE_INVALID");
  });

  it("still loads a good image afterwards", async () => {
    const image = await loadImage(join(folder(), "good.jpg"));
    expect(image).toMatchObject({ width: 64, height: 48 });
    expect(image.data.length).toBe(64 * 48 * 3);
  });

  it("decodes images from memory and honours a lower pixel limit", async () => {
    const bytes = await flatJpeg(64, 48);
    await expect(loadImage(bytes, { maxPixels: 1000 })).rejects.toMatchObject({ code: "IMAGE_INVALID" });
    expect((await loadImage(bytes)).width).toBe(64);
  });
});
