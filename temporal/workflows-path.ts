import { fileURLToPath } from "node:url";

/** Absolute path of the workflows entry, for `workflowsPath` / `bundleWorkflowCode`. */
export const workflowsPath = fileURLToPath(new URL("./workflows/index.ts", import.meta.url));
