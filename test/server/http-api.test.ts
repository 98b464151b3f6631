import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { getJson, EXAMPLE_IMAGES, postJson, shapesDataUrl, startTestServer, type TestServer } from "./support.ts";

const QUESTION = "How many red circles are there?";
const PROGRAM_FILE = new URL("../../examples/count-red-circles.program.ts", import.meta.url).pathname;

describe("viper serve HTTP API", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("POST /v1/ask returns exactly the object of viper ask --json", async () => {
    const cli = await runViperInProcess(["ask", `${EXAMPLE_IMAGES}shapes.png`, QUESTION, "--json", "--detector", "pixels"]);
    const expected = JSON.parse(cli.stdout);
    const { status, body } = await postJson(`${server.url}/v1/ask`, { image: "shapes.png", question: QUESTION });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort());
    expect(body.answer).toBe(3);
    expect(body.answer).toEqual(expected.answer);
    expect(body.program).toEqual(expected.program);
    expect(body.error).toBeNull();
    expect(body.warnings).toEqual([]);
    expect(body.trace.map((entry: { tool: string; result: string }) => [entry.tool, entry.result])).toEqual(expected.trace.map((entry: { tool: string; result: string }) => [entry.tool, entry.result]));
  });

  it("POST /v1/run returns exactly the object of viper run --json, image sent as a data: URL", async () => {
    const cli = await runViperInProcess(["run", `${EXAMPLE_IMAGES}shapes.png`, PROGRAM_FILE, "--json", "--detector", "pixels"]);
    const expected = JSON.parse(cli.stdout);
    const { status, body } = await postJson(`${server.url}/v1/run`, { image: await shapesDataUrl(), program: expected.program });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(body.timings).sort()).toEqual(Object.keys(expected.timings).sort());
    expect(body.answer).toEqual(expected.answer);
    expect(body.trace.map((entry: { resultValue: unknown }) => entry.resultValue)).toEqual(expected.trace.map((entry: { resultValue: unknown }) => entry.resultValue));
  });

  it("narrows the detectors to those a request names", async () => {
    const { status, body } = await postJson(`${server.url}/v1/ask`, { image: "shapes.png", question: QUESTION, detector: "pixels" });
    expect([status, body.answer]).toEqual([200, 3]);
  });

  it("a failed run is the result object with the typed error and a 422", async () => {
    const program = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  throw new Error("nope");\n}`;
    const { status, body } = await postJson(`${server.url}/v1/run`, { image: "shapes.png", program });
    expect(status).toBe(422);
    expect(body.error.code).toBe("PROGRAM_RUNTIME");
    expect(body.program).toBe(program);
    expect(body.answer).toBeNull();
  });

  it("GET /v1/health, /v1/capabilities (detectors with vocabulary and scenes) and /openapi.json", async () => {
    const health = await getJson(`${server.url}/v1/health`);
    expect(health).toMatchObject({ status: "ok", running: 0, queued: 0 });
    const capabilities = await getJson(`${server.url}/v1/capabilities`);
    expect(capabilities.planners).toEqual({ default: "rules", available: ["rules"] });
    expect(capabilities.detectors[0]).toMatchObject({ id: "pixels", scenes: ["plain"] });
    expect(capabilities.detectors[0].vocabulary).toContain("circle");
    expect(capabilities.images).toMatchObject({ paths: true, remote: false });
    const openapi = await getJson(`${server.url}/openapi.json`);
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/v1/ask", "/v1/run", "/v1/health", "/v1/capabilities"]));
    expect(openapi.paths["/v1/ask"].post.requestBody.content["application/json"].schema.required).toEqual(["image", "question"]);
  });
});

describe("viper serve refuses bad requests with the right 4xx and a JSON error", () => {
  const folder = useTemporaryFolder({ prefix: "viper-serve-root-" });
  let server: TestServer;
  beforeAll(async () => {
    // An image root holding a symbolic link that points outside it.
    await symlink(`${EXAMPLE_IMAGES}shapes.png`, join(folder(), "escape.png"));
    server = await startTestServer({ service: { images: { imageRoot: folder() } }, http: { token: "s3cret", bodyLimitBytes: 64 * 1024 } });
  });
  afterAll(() => server.close());
  const auth = { authorization: "Bearer s3cret" };
  const send = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...auth, ...headers }, body }).then(async (response) => ({ status: response.status, headers: response.headers, body: (await response.json()) as any }));

  it.each([
    ["malformed JSON", "/v1/ask", '{"image": "x.png", "question": ', {}, 400, "REQUEST_INVALID"],
    ["a missing field", "/v1/ask", JSON.stringify({ image: "x.png" }), {}, 400, "REQUEST_INVALID"],
    ["a wrong-typed field", "/v1/run", JSON.stringify({ image: "x.png", program: 42 }), {}, 400, "REQUEST_INVALID"],
    ["an unknown field", "/v1/ask", JSON.stringify({ image: "x.png", question: "q?", temperature: 2 }), {}, 400, "REQUEST_INVALID"],
    ["a body over the limit", "/v1/ask", JSON.stringify({ image: "A".repeat(100 * 1024), question: "q?" }), {}, 413, "REQUEST_TOO_LARGE"],
    ["an unknown planner", "/v1/ask", JSON.stringify({ image: "x.png", question: "q?", planner: "openai:gpt-4o" }), {}, 400, "REQUEST_INVALID"],
    ["a detector the server has not loaded", "/v1/ask", JSON.stringify({ image: "x.png", question: "q?", detector: "owlv2" }), {}, 400, "REQUEST_INVALID"],
    ["a path outside the image root", "/v1/ask", JSON.stringify({ image: "../../etc/passwd", question: "q?" }), {}, 403, "IMAGE_REFUSED"],
    ["an absolute path outside the image root", "/v1/run", JSON.stringify({ image: `${EXAMPLE_IMAGES}shapes.png`, program: "x" }), {}, 403, "IMAGE_REFUSED"],
    ["a symbolic link out of the image root", "/v1/ask", JSON.stringify({ image: "escape.png", question: "q?" }), {}, 403, "IMAGE_REFUSED"],
    ["a remote URL without --allow-remote-images", "/v1/ask", JSON.stringify({ image: "http://127.0.0.1:9/x.png", question: "q?" }), {}, 403, "IMAGE_REFUSED"],
    ["no token", "/v1/ask", JSON.stringify({ image: "x.png", question: "q?" }), { authorization: "" }, 401, "UNAUTHORIZED"],
    ["a wrong token", "/v1/ask", JSON.stringify({ image: "x.png", question: "q?" }), { authorization: "Bearer s3cre7" }, 401, "UNAUTHORIZED"],
    ["a token of another length", "/v1/run", JSON.stringify({ image: "x.png", program: "x" }), { authorization: "Bearer s3cret-and-more" }, 401, "UNAUTHORIZED"],
    ["a body that is not JSON", "/v1/ask", "image=x.png", { "content-type": "text/plain" }, 415, "REQUEST_INVALID"],
    ["an unknown route", "/v1/answer", "{}", {}, 404, "ROUTE_NOT_FOUND"],
  ] as const)("%s", async (_name, path, body, headers, status, code) => {
    const response = await send(path, body, headers);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
    if (code === "UNAUTHORIZED") expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("never names the server's folders in a refusal", async () => {
    const response = await send("/v1/ask", JSON.stringify({ image: "escape.png", question: "q?" }));
    expect(JSON.stringify(response.body)).not.toContain(folder());
    expect(JSON.stringify(response.body)).not.toContain(EXAMPLE_IMAGES);
  });

  it("refuses image data that is not a raster image with IMAGE_INVALID", async () => {
    const svg = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString("base64")}`;
    for (const image of [svg, "data:image/png,notbase64", (await shapesDataUrl()).slice(0, 40)]) {
      const response = await send("/v1/ask", JSON.stringify({ image, question: "q?" }));
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("IMAGE_INVALID");
    }
  });

  it("keeps answering after all of them: health is OK and a good request answers", async () => {
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    const response = await send("/v1/ask", JSON.stringify({ image: await shapesDataUrl(), question: QUESTION }));
    expect(response.status).toBe(200);
    expect(response.body.answer).toBe(3);
  });
});
