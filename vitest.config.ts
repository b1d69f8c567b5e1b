import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One Temporal dev server and one migrated template database per test run.
    globalSetup: ["./test/setup/global-setup.ts"],
    include: ["test/**/*.test.ts"],
    // The production-topology test runs alone (`npm run test:topology`, vitest.topology.config.ts).
    exclude: ["test/topology/**", "**/node_modules/**"],
    // Code under test in this process logs nothing; worker and web processes the tests start log as deployed.
    env: { LEADSYNC_LOG_LEVEL: "silent" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // 2 cores: integration and browser files start workers, servers and Chromium.
    fileParallelism: true,
    maxWorkers: 2,
    pool: "forks",
    // The machines are shared and noisy; a test that fails once is run once more, and vitest
    // reports every retry, so a flaky test stays visible instead of failing a whole CI run.
    retry: 1,
  },
});
