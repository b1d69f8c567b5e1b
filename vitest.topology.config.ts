import { defineConfig } from "vitest/config";

// `npm run test:topology` (scripts/test-topology.sh): the production topology test alone. It
// starts its own Temporal server, so the default run's global setup (a dev server) is not used.
export default defineConfig({
  test: {
    include: ["test/topology/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // One backfill with a kill: a retry would start from a database that is already synced.
    retry: 0,
  },
});
