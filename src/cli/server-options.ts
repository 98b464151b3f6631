import { availableParallelism } from "node:os";
import { createProcessPool, type ProcessPool } from "../../sandbox/index.ts";
import type { Planner } from "../agent/planner.ts";
import { ViperError } from "../errors/index.ts";
import type { ImageRules } from "../server/images/request-image.ts";
import type { ViperServiceOptions } from "../server/viper-service.ts";
import { wholeNumberOption } from "./command-line.ts";
import { LIMIT_HELP, LIMIT_OPTIONS, policyFromOptions, withLimitFlags } from "./limit-options.ts";
import { plannerFromOptions } from "./planner-option.ts";

/** parseArgs definitions of the options `viper serve` and `viper mcp` share. */
export const SERVICE_OPTIONS = {
  planner: { type: "string" },
  "planner-base-url": { type: "string" },
  "max-repairs": { type: "string" },
  "image-root": { type: "string" },
  "allow-remote-images": { type: "boolean" },
  concurrency: { type: "string" },
  "queue-size": { type: "string" },
  "request-timeout-ms": { type: "string" },
  isolation: { type: "string" },
  ...LIMIT_OPTIONS,
} as const;

/** Help lines for {@link SERVICE_OPTIONS}. */
export const SERVICE_HELP = `Request options:
  --planner <list>                planners clients may choose, comma-separated; the first is the default
                                  (default rules; e.g. rules,openai:gpt-4o-mini)
  --planner-base-url <url>        server of the language-model planners (OpenAI-compatible or Ollama)
  --max-repairs <n>               repairs after a failed program (default 2)
  --image-root <folder>           image paths are read under this folder only (symbolic links included)
  --allow-remote-images           fetch http(s) image URLs (20 MiB, 10 s, public addresses only)
  --concurrency <n>               requests that run at once (default: the number of CPU cores)
  --queue-size <n>                requests that may wait; more are refused as busy (default 64)
  --request-timeout-ms <n>        deadline of one request, waiting included (default 120000)
  --isolation process|in-process  where programs run: a pool of crash-isolated sandbox processes, one per
                                  run slot (default), or isolates in the server's process (a program that
                                  makes V8 abort then ends the server)
${LIMIT_HELP}`;

/**
 * The isolation `--isolation` asks for: a pool of sandbox processes sized to the run slots (the default;
 * the caller disposes it), or "in-process".
 * @throws ViperError CONFIG_INVALID naming the flag for any other value.
 */
export function serviceIsolationFrom(values: Record<string, unknown>, concurrency: number | undefined): ProcessPool | "in-process" {
  const isolation = values.isolation ?? "process";
  if (isolation === "in-process") return "in-process";
  if (isolation !== "process") {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--isolation must be process or in-process; got "${String(isolation)}".`, details: { option: "--isolation", value: isolation } });
  }
  return createProcessPool({ maxProcesses: concurrency ?? availableParallelism() });
}

/**
 * The service options the command line gives, except perception (created by the caller).
 * @throws ViperError CONFIG_INVALID naming the option on a bad value.
 */
export function serviceOptionsFrom(values: Record<string, unknown>, defaults: { imageRoot?: string } = {}): Omit<ViperServiceOptions, "perception"> {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const number = (option: string, minimum: number) => wholeNumberOption({ option: `--${option}`, value: text(option), minimum });
  const images: ImageRules = { imageRoot: text("image-root") ?? defaults.imageRoot, allowRemoteImages: values["allow-remote-images"] === true };
  return {
    planners: plannersFrom(text("planner") ?? "rules", text("planner-base-url")),
    maxRepairs: number("max-repairs", 0),
    images,
    concurrency: number("concurrency", 1),
    queueSize: number("queue-size", 0),
    requestTimeoutMs: number("request-timeout-ms", 1),
    policy: policyFromOptions(values),
    describeError: withLimitFlags,
  };
}

function plannersFrom(list: string, baseUrl: string | undefined): Planner[] {
  const ids = [...new Set(list.split(",").map((id) => id.trim()).filter((id) => id !== ""))];
  if (ids.length === 0) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--planner "${list}" names no planner; use rules or <provider>:<model>, comma-separated.`, details: { option: "--planner", value: list } });
  }
  const languageModels = ids.filter((id) => id !== "rules");
  if (baseUrl !== undefined && languageModels.length === 0) return [plannerFromOptions({ planner: "rules", plannerBaseUrl: baseUrl })];
  return ids.map((id) => plannerFromOptions({ planner: id, plannerBaseUrl: id === "rules" ? undefined : baseUrl }));
}
