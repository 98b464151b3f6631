/**
 * Stable error codes. Callers branch on these, so a code is never renamed or reused; add new ones instead.
 */
export const ERROR_CODES = [
  /** The program does not parse as TypeScript/JavaScript. */
  "PROGRAM_SYNTAX",
  /** The program does not type-check against the ImagePatch API. */
  "PROGRAM_TYPE",
  /** The program threw while running; `details.line` is the program's line. */
  "PROGRAM_RUNTIME",
  /** The program returned something that is not an Answer (function, symbol, cyclic object, ...). */
  "PROGRAM_RESULT",
  /** The run took longer than the wall-clock limit. */
  "SANDBOX_TIMEOUT",
  /** The run used more CPU time than its budget. */
  "SANDBOX_CPU",
  /** The run's isolate went over its memory limit, or the process's memory grew past its budget during the run. */
  "SANDBOX_MEMORY",
  /** The program awaits a promise that nothing can ever settle (no tool call running, nothing left to run). */
  "SANDBOX_DEADLOCK",
  /** The sandbox process running the program died (V8 abort, out of memory, signal); other runs are unaffected. */
  "SANDBOX_CRASHED",
  /** The run made more tool calls than allowed, or called a tool after it ended. */
  "TOOL_LIMIT",
  /** The program's answer (serialised) is larger than allowed. */
  "RESULT_TOO_LARGE",
  /** A tool was called with arguments of the wrong type or range. */
  "TOOL_ARGUMENT",
  /** No configured perception back-end can serve a primitive. */
  "NO_BACKEND",
  /** A model file could not be loaded (missing, corrupt, wrong layout). */
  "MODEL_LOAD",
  /** A model is not on disk and cannot be downloaded (offline, or no source). */
  "MODEL_NOT_FOUND",
  /** A model download failed or its checksum did not match. */
  "MODEL_DOWNLOAD",
  /** The requested device (e.g. cuda) is not available. */
  "DEVICE_UNAVAILABLE",
  /** The image is missing, not an image, truncated, empty or too large. */
  "IMAGE_INVALID",
  /** The planner's output holds no usable program. */
  "PLANNER_OUTPUT",
  /** The rule planner does not know this kind of question. */
  "PLANNER_UNSUPPORTED",
  /** The planner's or a served model's server could not be reached or answered with an error. */
  "MODEL_SERVER",
  /** A configuration value or option is invalid. */
  "CONFIG_INVALID",
  /** An evaluation input (suite, questions file, line) is invalid. */
  "EVAL_INPUT",
  /** An optional package a chosen back-end needs is not installed; the message gives the install command. */
  "PACKAGE_MISSING",
  /** A request to viper serve or viper mcp is malformed: bad JSON, missing, unknown or wrong-typed fields, an unknown choice. */
  "REQUEST_INVALID",
  /** A request body is larger than the server's limit. */
  "REQUEST_TOO_LARGE",
  /** A request to viper serve carries no bearer token or a wrong one. */
  "UNAUTHORIZED",
  /** The server refuses an image: a path outside its image root, a remote URL it does not allow, a private address. */
  "IMAGE_REFUSED",
  /** Every run slot and queue place of the server is taken; retry after the time it gives. */
  "SERVER_BUSY",
  /** The server is shutting down and takes no new requests. */
  "SERVER_CLOSING",
  /** A request took longer than the server's per-request limit (planning and runs together). */
  "REQUEST_TIMEOUT",
  /** No such route on the server. */
  "ROUTE_NOT_FOUND",
  /** A batch input (images folder, image list, program file) is invalid. */
  "BATCH_INPUT",
  /** `--queue` is not a redis://host:port[/db] URL. */
  "QUEUE_URL_INVALID",
  /** Redis could not be reached (down, wrong host or port, refused the login) within the queue timeout. */
  "QUEUE_UNREACHABLE",
  /** The queue, a run or a job was made by a viper-ts with another job format; use one version everywhere. */
  "QUEUE_VERSION_MISMATCH",
  /** A worker cannot get a job's picture as the producer described it (missing under its data root, different bytes). */
  "QUEUE_IMAGE_UNAVAILABLE",
  /** A queued question failed on the workers themselves (a worker died on it repeatedly, or an internal error). */
  "QUEUE_JOB_FAILED",
] as const;

/** One of {@link ERROR_CODES}. */
export type ViperErrorCode = (typeof ERROR_CODES)[number];
