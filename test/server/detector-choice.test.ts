import { describe, expect, it } from "vitest";
import type { Detector } from "../../src/mllm/capabilities.ts";
import { chooseDetectors } from "../../src/server/detector-choice.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";
import { rejectionOf } from "../fixtures/rejection.ts";

/** A FAKE photo detector that only has an id (choice never calls it). */
const fakeDetector = (id: string): Detector => ({ specificationVersion: "v1", id, supports: () => true, detect: async () => [] });

describe("chooseDetectors", () => {
  const base = pixelPerception();
  const perception = { ...base, detectors: [...base.detectors, fakeDetector("yolox"), fakeDetector("owlv2")] };
  const ids = (spec: string) => chooseDetectors(perception, spec).detectors.map((detector) => detector.id);

  it("keeps pixel analysis first and the named detectors in the request's order", () => {
    expect(ids("owlv2")).toEqual(["pixels", "owlv2"]);
    expect(ids("owlv2, yolox")).toEqual(["pixels", "owlv2", "yolox"]);
    expect(ids("pixels")).toEqual(["pixels"]);
  });

  it("refuses a detector the server has not loaded, naming those it has", async () => {
    const error = await rejectionOf(Promise.resolve().then(() => chooseDetectors(perception, "yolox,grounding-dino")));
    expect(error.code).toBe("REQUEST_INVALID");
    expect(error.message).toContain("pixels, yolox, owlv2");
    await expect(Promise.resolve().then(() => chooseDetectors(perception, " , "))).rejects.toMatchObject({ code: "REQUEST_INVALID" });
  });
});
