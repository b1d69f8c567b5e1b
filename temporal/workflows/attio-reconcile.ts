import { continueAsNew, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
// Types only: activity code (Prisma, fetch) must never be bundled into the workflow sandbox.
import type { AttioInboundActivities } from "../activities/attio-inbound";
import { INBOUND_RETRY } from "./attio-record-events";
import { type AttioReconcileInput, type ReconcileTotals, reconcileProgressQuery } from "../../web/src/lib/temporal/contract";

/** A page makes up to ~4 reads per lead through the shared budget; a merge in progress is waited out by retries. */
const { reconcileLeadPage } = proxyActivities<AttioInboundActivities>({
  startToCloseTimeout: "10m",
  heartbeatTimeout: "30s",
  scheduleToCloseTimeout: "2h",
  retry: INBOUND_RETRY,
});

const DEFAULT_PAGE_SIZE = 50;
/** Pages per run before continue-as-new keeps the history small for any number of leads. */
const PAGES_PER_RUN = 100;

/**
 * The reconcile pass (Temporal Schedule `leadsync-attio-reconcile`): walks the synced leads in id
 * order, a page per activity, and applies what webhooks would have brought. Returns the totals.
 */
export async function attioReconcileWorkflow(input: AttioReconcileInput = {}): Promise<ReconcileTotals> {
  const pageSize = Math.max(1, Math.floor(input.pageSize ?? DEFAULT_PAGE_SIZE));
  const passId = input.passId ?? workflowInfo().workflowId;
  const totals: ReconcileTotals = { ...(input.totals ?? { scanned: 0, changed: 0, reads: 0, pages: 0 }) };
  let afterLeadId = input.afterLeadId ?? 0;
  setHandler(reconcileProgressQuery, () => ({ ...totals, afterLeadId }));

  for (let inRun = 0; ; inRun++) {
    if (inRun >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof attioReconcileWorkflow>({ pageSize, afterLeadId, totals, passId });
    }
    const page = await reconcileLeadPage({ afterLeadId, limit: pageSize, passId });
    totals.scanned += page.scanned;
    totals.changed += page.changed;
    totals.reads += page.reads;
    totals.pages += 1;
    if (page.nextAfterLeadId === null) return totals;
    afterLeadId = page.nextAfterLeadId;
  }
}
