import { createServer } from "node:http";
import { readFile, symlink, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAddressesOnly } from "../../src/server/images/address-policy.ts";
import { readRequestImage } from "../../src/server/images/request-image.ts";
import { listenOnLoopback, type ListeningServer } from "../fixtures/loopback-http.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { EXAMPLE_IMAGES } from "./support.ts";

/** Expects `promise` to reject with a ViperError of `code` whose message matches `message`. */
async function expectViperError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

const png = await readFile(`${EXAMPLE_IMAGES}shapes.png`);
const onlyFirstLoopback = (address: string) => address === "127.0.0.1";

describe("readRequestImage: inline images and paths", () => {
  const root = useTemporaryFolder({ prefix: "viper-image-root-" });
  beforeAll(async () => {
    await mkdir(join(root(), "scenes"));
    await writeFile(join(root(), "scenes", "shapes.png"), png);
    await writeFile(join(root(), "drawing.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    await symlink(join(root(), "scenes"), join(root(), "inside-link"));
    await symlink(EXAMPLE_IMAGES, join(root(), "outside-link"));
  });

  it("decodes a data: URL and plain base64 of a raster image", async () => {
    expect(await readRequestImage(`data:image/png;base64,${png.toString("base64")}`, {})).toEqual(new Uint8Array(png));
    expect(await readRequestImage(png.toString("base64"), {})).toEqual(new Uint8Array(png));
  });

  it("reads paths under the root, relative or absolute, also through a link that stays inside", async () => {
    for (const path of ["scenes/shapes.png", join(root(), "scenes/shapes.png"), "inside-link/shapes.png", "./scenes/../scenes/shapes.png"]) {
      expect(await readRequestImage(path, { imageRoot: root() })).toEqual(new Uint8Array(png));
    }
  });

  it.each([
    ["..", "../shapes.png"],
    ["an absolute path elsewhere", `${EXAMPLE_IMAGES}shapes.png`],
    ["a link to a folder outside", "outside-link/shapes.png"],
    ["the root itself", "."],
  ])("refuses %s with IMAGE_REFUSED", async (_name, path) => {
    await expectViperError(readRequestImage(path, { imageRoot: root() }), "IMAGE_REFUSED");
  });

  it("refuses every path when no root is set, SVG, a missing file and oversize files", async () => {
    await expectViperError(readRequestImage("scenes/shapes.png", {}), "IMAGE_REFUSED", /--image-root/);
    await expectViperError(readRequestImage("drawing.svg", { imageRoot: root() }), "IMAGE_INVALID", /PNG, JPEG/);
    await expectViperError(readRequestImage("scenes/none.png", { imageRoot: root() }), "IMAGE_INVALID", /no such file/);
    await expectViperError(readRequestImage("scenes/shapes.png", { imageRoot: root(), maxBytes: 100 }), "IMAGE_INVALID", /100-byte limit/);
    await expectViperError(readRequestImage(`data:image/png;base64,${"A".repeat(5000)}`, {}), "IMAGE_INVALID");
  });
});

describe("readRequestImage: remote images", () => {
  let server: ListeningServer;
  const requests: string[] = [];
  beforeAll(async () => {
    server = await listenOnLoopback(
      createServer((request, response) => {
        requests.push(request.url ?? "");
        if (request.url === "/shapes.png") return response.writeHead(200, { "content-type": "image/png" }).end(png);
        if (request.url === "/chunked.png") {
          response.writeHead(200, { "content-type": "image/png" });
          response.write(png.subarray(0, 1000));
          return response.end(png.subarray(1000));
        }
        if (request.url === "/to-private") return response.writeHead(302, { location: `http://127.0.0.2:${server.port}/shapes.png` }).end();
        if (request.url === "/to-self") return response.writeHead(302, { location: "/shapes.png" }).end();
        if (request.url === "/loop") return response.writeHead(302, { location: "/loop" }).end();
        if (request.url === "/silent") return;
        response.writeHead(404).end();
      }),
    );
  });
  afterAll(() => server.close());

  it("is refused unless allowed", async () => {
    await expectViperError(readRequestImage(`${server.url}/shapes.png`, {}), "IMAGE_REFUSED", /--allow-remote-images/);
  });

  it("never contacts loopback or private addresses under the default policy, by address or by name", async () => {
    const before = requests.length;
    await expectViperError(readRequestImage(`${server.url}/shapes.png`, { allowRemoteImages: true }), "IMAGE_REFUSED", /not a public address/);
    await expectViperError(readRequestImage(`http://localhost:${server.port}/shapes.png`, { allowRemoteImages: true }), "IMAGE_REFUSED", /resolves to/);
    await expectViperError(readRequestImage(`http://[::1]:${server.port}/shapes.png`, { allowRemoteImages: true }), "IMAGE_REFUSED");
    expect(requests.length).toBe(before);
  });

  it("fetches an allowed address, follows a redirect to it, and refuses a redirect to an address the policy refuses", async () => {
    const rules = { allowRemoteImages: true, remote: { addressPolicy: onlyFirstLoopback } };
    expect(await readRequestImage(`${server.url}/shapes.png`, rules)).toEqual(new Uint8Array(png));
    expect(await readRequestImage(`${server.url}/to-self`, rules)).toEqual(new Uint8Array(png));
    await expectViperError(readRequestImage(`${server.url}/to-private`, rules), "IMAGE_REFUSED", /127\.0\.0\.2 is not a public address/);
    await expectViperError(readRequestImage(`${server.url}/loop`, rules), "IMAGE_REFUSED", /redirects more than 3 times/);
  });

  it("enforces the size limit (declared or streamed), the deadline and the status", async () => {
    const rules = (remote: object) => ({ allowRemoteImages: true, remote: { addressPolicy: onlyFirstLoopback, ...remote } });
    await expectViperError(readRequestImage(`${server.url}/shapes.png`, { ...rules({}), maxBytes: 1000 }), "IMAGE_INVALID", /1000-byte limit/);
    await expectViperError(readRequestImage(`${server.url}/chunked.png`, { ...rules({}), maxBytes: 1500 }), "IMAGE_INVALID", /1500-byte limit/);
    await expectViperError(readRequestImage(`${server.url}/silent`, rules({ timeoutMs: 200 })), "IMAGE_INVALID", /longer than 200 ms/);
    await expectViperError(readRequestImage(`${server.url}/missing.png`, rules({})), "IMAGE_INVALID", /HTTP 404/);
  });

  it("fetches only http and https", async () => {
    await expectViperError(readRequestImage("https://user:pw@example.com/x.png", { allowRemoteImages: true }), "IMAGE_REFUSED", /credentials/);
    await expectViperError(readRequestImage("file:///etc/passwd", { allowRemoteImages: true }), "IMAGE_REFUSED");
  });
});

describe("publicAddressesOnly", () => {
  it.each(["127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "fe80::1", "fd00::1", "64:ff9b::a00:1", "2002:a00:1::", "not-an-address"])("refuses %s", (address) => {
    expect(publicAddressesOnly(address)).toBe(false);
  });
  it.each(["8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("allows %s", (address) => {
    expect(publicAddressesOnly(address)).toBe(true);
  });
});
