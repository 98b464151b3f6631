import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../../server/mcp/mcp-server.ts";
import { packageVersion } from "../../server/package-version.ts";
import { createViperService } from "../../server/viper-service.ts";
import { createPerception, type Perception } from "../../tools/create-perception.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, writeUsageError } from "../command-line.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { SERVICE_HELP, SERVICE_OPTIONS, serviceIsolationFrom, serviceOptionsFrom } from "../server-options.ts";
import { waitForStopSignal } from "../stop-signal.ts";

const USAGE = `Usage: viper mcp [--image-root <folder>] [options]

An MCP server over stdio (for assistants and IDEs) with two tools: ask_image {image, question, planner?} and
run_image_program {image, program}. Results are text plus structured content (answer, program, trace).
Image paths are read under --image-root, which defaults to the folder viper mcp starts in. Runs until the
client closes stdin, or SIGTERM/SIGINT. Notices go to stderr; stdout carries only the protocol.

${SERVICE_HELP}
${PERCEPTION_HELP}`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  ...SERVICE_OPTIONS,
  ...PERCEPTION_OPTIONS,
} as const;

/** `viper mcp`: the MCP server over stdio. Returns 0 once the client has gone, 2 on a usage error. */
export async function runMcpCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "mcp", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  if (positionals.length > 0) return writeUsageError(io, { command: "mcp", problem: `unexpected argument "${positionals[0]}"`, usage: USAGE });
  const serviceOptions = serviceOptionsFrom(values, { imageRoot: process.cwd() });
  const isolation = serviceIsolationFrom(values, serviceOptions.concurrency);
  let perception: Perception | undefined;
  try {
    perception = await createPerception(perceptionOptionsFrom(values, io.stderr));
    const service = createViperService({ ...serviceOptions, perception, isolation });
    const server = createMcpServer(service, packageVersion());
    const transport = new StdioServerTransport();
    const clientGone = new Promise<string>((resolve) => {
      transport.onclose = () => resolve("the client closed the connection");
      process.stdin.once("end", () => resolve("stdin ended"));
    });
    await server.connect(transport);
    const reason = await Promise.race([clientGone, waitForStopSignal()]);
    io.stderr.write(`viper mcp: ${reason}; finishing admitted requests\n`);
    await service.close();
    await server.close();
    return 0;
  } finally {
    await perception?.dispose();
    if (isolation !== "in-process") await isolation.dispose();
  }
}
