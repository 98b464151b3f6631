import type { PerceptionBackends, SceneKind } from "../mllm/capabilities.ts";
import { describeCapabilities } from "./capabilities/capability-view.ts";
import type { ProgramDiagnostic } from "./checks/program-diagnostic.ts";
import { sharedProgramChecker } from "./program-checker.ts";

/** Options for {@link checkProgram}. */
export interface CheckProgramOptions {
  /**
   * The configured back-ends: with them, a call no back-end can serve (a member with none, a name no
   * detector knows, a question no visual-QA back-end answers) is a diagnostic too.
   * @defaultValue none: the API declaration alone
   */
  perception?: PerceptionBackends;
  /** The scene kind of the image the program is for (`perception.classifyScene(image)`). @defaultValue either kind */
  scene?: SceneKind;
}

/**
 * Checks a program before it runs, as the agent does: syntax, types against the ImagePatch API, await
 * mistakes TypeScript lets through (async callbacks to filter/some/every/find/sort/reduce, forEach(async)
 * whose effects are read, dropped Promises, `new ImagePatch`), and, given `perception`, what this set-up
 * cannot serve. Returns the diagnostics with 1-based lines, messages for the model and, on capability
 * problems, `advice` for a person; empty when the program is fine. Uses the process-wide warm checker.
 */
export function checkProgram(source: string, options: CheckProgramOptions = {}): ProgramDiagnostic[] {
  const { perception, scene } = options;
  const capabilities = perception === undefined ? undefined : describeCapabilities({ perception, scene });
  return sharedProgramChecker().diagnose(source, { capabilities });
}
