// The one-way dependency rule of the repo (README, "Layout"; docs/architecture.md), checked by npm test.

/** Every rule is an error: `from` may not import `to`; `why` says what the rule protects. */
const forbid = (name, why, from, to) => ({ name, comment: why, severity: "error", from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      "lib-is-the-ground-floor",
      "web/src/lib (Attio client, note builder, database, config, Temporal contract) builds on nothing above it.",
      { path: "^web/src/lib/" },
      { path: "^(web/src/app/|web/src/proxy|web/src/instrumentation|temporal/|scripts/|test/|fake-attio/)" },
    ),
    forbid(
      "workflows-import-activity-types-only",
      "Workflow code runs in Temporal's sandbox: activities and worker infrastructure (Prisma, fetch) may only be imported as types.",
      { path: "^temporal/workflows/" },
      { path: "^temporal/(activities|infra)/", dependencyTypesNot: ["type-only"] },
    ),
    forbid(
      "worker-infra-serves-the-activities",
      "temporal/infra (Attio budget, pacer, record claims, activity context) is below the activities: it knows none of them, nor the worker's composition.",
      { path: "^temporal/infra/" },
      { path: "^temporal/(activities/|workflows/|[^/]+$)" },
    ),
    forbid(
      "workflows-use-only-the-contract",
      "From web/src/lib, workflow code may use only the Temporal contract (pure, no Node built-ins).",
      { path: "^temporal/workflows/" },
      { path: "^web/src/", pathNot: "^web/src/lib/temporal/contract\\.ts$", dependencyTypesNot: ["type-only"] },
    ),
    forbid(
      "app-and-worker-are-separate-processes",
      "The web app and the worker share web/src/lib, never each other's code.",
      { path: "^(web/src/app/|web/src/proxy|web/src/instrumentation)" },
      { path: "^(temporal/|scripts/|fake-attio/)" },
    ),
    forbid(
      "worker-does-not-import-the-app",
      "The worker builds on web/src/lib only: not on the app, the scripts or the fake Attio.",
      { path: "^temporal/" },
      { path: "^(web/src/app/|scripts/|fake-attio/)" },
    ),
    forbid(
      "only-tests-import-tests",
      "test/ is the top floor: scripts, the fake Attio and production code never import it.",
      { pathNot: "^test/" },
      { path: "^test/" },
    ),
    forbid(
      "fake-attio-stands-alone",
      "The fake Attio is a dev tool and fixture of its own; it knows nothing of the app.",
      { path: "^fake-attio/" },
      { path: "^(web/|temporal/|scripts/|prisma/)" },
    ),
    forbid("no-circular", "An import cycle makes load order matter; none is allowed.", {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^web/src/generated/|^web/\\.next/|node_modules)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
