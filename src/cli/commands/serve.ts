import { createPerception, type Perception } from "../../tools/create-perception.ts";
import { createHttpServer } from "../../server/http/create-http-server.ts";
import { listenHttp, requireTokenOffLoopback } from "../../server/http/listen.ts";
import { createViperService } from "../../server/viper-service.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, wholeNumberOption, writeUsageError } from "../command-line.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { SERVICE_HELP, SERVICE_OPTIONS, serviceIsolationFrom, serviceOptionsFrom } from "../server-options.ts";
import { waitForStopSignal } from "../stop-signal.ts";

const USAGE = `Usage: viper serve [--host 127.0.0.1] [--port 8080] [--token <secret>] [--image-root <folder>] [options]

Serves the HTTP API until SIGTERM or SIGINT (then finishes the requests it admitted and exits):
  POST /v1/ask {image, question, planner?, detector?}   POST /v1/run {image, program, detector?}
  GET /v1/health   GET /v1/capabilities   GET /openapi.json
Results are the object of viper ask|run --json; with Accept: text/event-stream they stream as events.

  --host <address>                where to listen (default 127.0.0.1); any other than loopback needs a token
  --port <n>                      (default 8080; 0 picks a free port)
  --token <secret>                bearer token clients must send (default: VIPER_SERVE_TOKEN, else none)
  --body-limit-mb <n>             largest request body (default 16)
${SERVICE_HELP}
${PERCEPTION_HELP}`;

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  token: { type: "string" },
  "body-limit-mb": { type: "string" },
  help: { type: "boolean", short: "h" },
  ...SERVICE_OPTIONS,
  ...PERCEPTION_OPTIONS,
} as const;

/** `viper serve`: the HTTP API. Returns the exit code once the server has shut down (0), or 2 on a usage error. */
export async function runServeCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "serve", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  if (positionals.length > 0) return writeUsageError(io, { command: "serve", problem: `unexpected argument "${positionals[0]}"`, usage: USAGE });
  const host = values.host ?? "127.0.0.1";
  const port = wholeNumberOption({ option: "--port", value: values.port, minimum: 0 }) ?? 8080;
  const bodyLimitMb = wholeNumberOption({ option: "--body-limit-mb", value: values["body-limit-mb"], minimum: 1 }) ?? 16;
  const token = values.token ?? (process.env.VIPER_SERVE_TOKEN || undefined);
  requireTokenOffLoopback(host, token !== undefined);
  const serviceOptions = serviceOptionsFrom(values);
  const isolation = serviceIsolationFrom(values, serviceOptions.concurrency);
  let perception: Perception | undefined;
  try {
    perception = await createPerception(perceptionOptionsFrom(values, io.stderr));
    const service = createViperService({ ...serviceOptions, perception, isolation });
    const app = await createHttpServer({ service, token, bodyLimitBytes: bodyLimitMb * 1024 * 1024 });
    const server = await listenHttp({ app, service, host, port, hasToken: token !== undefined }).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    io.stdout.write(`viper serve: listening on ${server.url}\n`);
    const signal = await waitForStopSignal();
    io.stderr.write(`viper serve: ${signal}: finishing admitted requests, refusing new ones\n`);
    await server.close();
    io.stderr.write("viper serve: stopped\n");
    return 0;
  } finally {
    await perception?.dispose();
    if (isolation !== "in-process") await isolation.dispose();
  }
}
