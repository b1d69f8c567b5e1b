import { fileURLToPath } from "node:url";

/** Absolute path of the workflows entry, for `workflowsPath` / `bundleWorkflowCode`. */
export const workflowsPath = fileURLToPath(new URL("./workflows/index.ts", import.meta.url));

/** The failure converter that encodes messages and stack traces (with payload encryption on). */
export const failureConverterPath = fileURLToPath(new URL("../web/src/lib/temporal/failure-converter.ts", import.meta.url));
