import { resolvePolicy, type SandboxPolicy } from "../../sandbox/index.ts";
import type { PerceptionBackends, SceneKind } from "../mllm/capabilities.ts";

/** What a server offers, as `GET /v1/capabilities` reports it. */
export interface ServiceCapabilities {
  readonly planners: { readonly default: string; readonly available: readonly string[] };
  /** Detectors in priority order: `vocabulary` is a class list, "open", or null when the detector does not say. */
  readonly detectors: ReadonlyArray<{ readonly id: string; readonly vocabulary: readonly string[] | "open" | null; readonly scenes: readonly SceneKind[] }>;
  readonly visualQA: readonly string[];
  readonly scorers: readonly string[];
  readonly depth: string | null;
  readonly textModel: string | null;
  readonly images: { readonly paths: boolean; readonly remote: boolean; readonly maxBytes: number };
  readonly limits: {
    readonly concurrency: number;
    readonly queueSize: number;
    readonly requestTimeoutMs: number;
    readonly sandbox: SandboxPolicy;
  };
  /** Where programs run: "in-process", or "process" / "process-pool" for child processes (crash isolation). */
  readonly isolation: string;
}

/** Describes configured back-ends and limits for {@link ServiceCapabilities}. */
export function describeCapabilities(input: {
  readonly perception: PerceptionBackends;
  readonly plannerIds: readonly string[];
  readonly images: ServiceCapabilities["images"];
  readonly limits: Omit<ServiceCapabilities["limits"], "sandbox">;
  readonly policy: Partial<SandboxPolicy> | undefined;
  readonly isolation: string;
}): ServiceCapabilities {
  const { perception, plannerIds } = input;
  return {
    planners: { default: plannerIds[0]!, available: [...plannerIds] },
    detectors: perception.detectors.map((detector) => ({
      id: detector.id,
      vocabulary: detector.vocabulary ?? null,
      scenes: detector.scenes ?? ["plain", "photo"],
    })),
    visualQA: perception.visualQA.map((backend) => backend.id),
    scorers: perception.scorers.map((backend) => backend.id),
    depth: perception.depth?.id ?? null,
    textModel: perception.textModel?.id ?? null,
    images: input.images,
    limits: { ...input.limits, sandbox: resolvePolicy(input.policy) },
    isolation: input.isolation,
  };
}
