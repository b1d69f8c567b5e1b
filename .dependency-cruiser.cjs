// The one-way dependency rule of the repo (README, "Layout"; docs/architecture.md), checked by npm test.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "lib-is-the-ground-floor",
      comment: "web/src/lib (Attio client, note builder, database, config, Temporal contract) builds on nothing above it.",
      severity: "error",
      from: { path: "^web/src/lib/" },
      to: { path: "^(web/src/app/|web/src/proxy|web/src/instrumentation|temporal/|scripts/|test/|fake-attio/)" },
    },
    {
      name: "workflows-import-activity-types-only",
      comment: "Workflow code runs in Temporal's sandbox: activities (Prisma, fetch) may only be imported as types.",
      severity: "error",
      from: { path: "^temporal/workflows/" },
      to: { path: "^temporal/activities/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "workflows-use-only-the-contract",
      comment: "From web/src/lib, workflow code may use only the Temporal contract (pure, no Node built-ins).",
      severity: "error",
      from: { path: "^temporal/workflows/" },
      to: { path: "^web/src/", pathNot: "^web/src/lib/temporal/contract\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "app-and-worker-are-separate-processes",
      comment: "The web app and the worker share web/src/lib, never each other's code.",
      severity: "error",
      from: { path: "^(web/src/app/|web/src/proxy|web/src/instrumentation)" },
      to: { path: "^(temporal/|scripts/|fake-attio/)" },
    },
    {
      name: "worker-does-not-import-the-app",
      severity: "error",
      from: { path: "^temporal/" },
      to: { path: "^(web/src/app/|scripts/|fake-attio/)" },
    },
    {
      name: "only-tests-import-tests",
      comment: "test/ is the top floor: scripts, the fake Attio and production code never import it.",
      severity: "error",
      from: { pathNot: "^test/" },
      to: { path: "^test/" },
    },
    {
      name: "fake-attio-stands-alone",
      comment: "The fake Attio is a dev tool and fixture of its own; it knows nothing of the app.",
      severity: "error",
      from: { path: "^fake-attio/" },
      to: { path: "^(web/|temporal/|scripts/|prisma/)" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^web/src/generated/|^web/\\.next/|node_modules)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
