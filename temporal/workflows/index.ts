export { syncLeadWorkflow } from "./sync-lead";
export { resyncLeadsWorkflow } from "./resync-leads";
export { bulkSyncLeadsWorkflow } from "./bulk-sync-leads";
export { leadFailureAlertWorkflow, passFailureAlertWorkflow } from "./alerts";
export { attioRecordEventsWorkflow } from "./attio-record-events";
export { attioReconcileWorkflow } from "./attio-reconcile";
