export { createSyncActivities, type SyncActivities, type SyncActivityDeps } from "./sync-lead";
