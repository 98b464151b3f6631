import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // isolated-vm needs its own process per worker and --no-node-snapshot on Node >= 20.
    pool: "forks",
    execArgv: ["--no-node-snapshot"],
    maxWorkers: 2,
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
