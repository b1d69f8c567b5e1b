export { syncLeadWorkflow } from "./sync-lead";
