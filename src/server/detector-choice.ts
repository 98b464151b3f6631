import { ViperError } from "../errors/index.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";

/** The pixel-analysis detector, which serves plain-background scenes and is never dropped. */
const PIXELS = "pixels";

/**
 * The back-ends with only the detectors a request names (comma-separated ids, in the request's order),
 * chosen among those the server has loaded; pixel analysis stays first. "pixels" alone keeps no photo
 * detector. Nothing new is loaded: a request can narrow the server's set, never widen it.
 * @throws ViperError REQUEST_INVALID naming the configured detectors when an id is not one of them.
 */
export function chooseDetectors(perception: PerceptionBackends, spec: string): PerceptionBackends {
  const configured = perception.detectors.map((detector) => detector.id);
  const names = spec.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => !configured.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new ViperError({
      code: "REQUEST_INVALID",
      message: `detector "${spec}" is not available on this server; choose from ${configured.join(", ")} (comma-separated; the server loads detectors at start with --detector).`,
      details: { field: "detector", value: spec, available: configured },
    });
  }
  const pixels = perception.detectors.filter((detector) => detector.id === PIXELS);
  const chosen = names.filter((name) => name !== PIXELS).map((name) => perception.detectors.find((detector) => detector.id === name)!);
  return { ...perception, detectors: [...pixels, ...chosen] };
}
