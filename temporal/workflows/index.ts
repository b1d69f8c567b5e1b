export { syncLeadWorkflow } from "./sync-lead";
export { resyncLeadsWorkflow } from "./resync-leads";
