// The per-record workflow's one activity (workflows/attio-record-events.ts): applies a burst of
// inbound Attio events with the settings and field directions in force now.
import { ApplicationFailure } from "@temporalio/activity";
import type { AttioClient } from "../../web/src/lib/attio/client";
import type { FieldDirections } from "../../web/src/lib/attio/field-policy";
import { applyAttioEventRows } from "../../web/src/lib/attio-inbound/apply";
import { stampInbox } from "../../web/src/lib/attio-inbound/inbound-state";
import { reconcileSyncedLeads } from "../../web/src/lib/attio-inbound/reconcile";
import { loadCrmSettings } from "../../web/src/lib/crm-settings/mapping-store";
import type { PrismaClient } from "../../web/src/lib/db";
import type {
  ApplyAttioEventsInput,
  ApplyAttioEventsResult,
  ReconcileLeadPageInput,
  ReconcileLeadPageResult,
} from "../../web/src/lib/temporal/contract";
import { currentContext, withHeartbeats } from "../infra/activity-context";
import { attioCall } from "./failures";

export interface AttioInboundDeps {
  prisma: PrismaClient;
  attio: (signal?: AbortSignal) => AttioClient;
  fieldDirections: () => Promise<FieldDirections>;
}

export function createAttioInboundActivities(deps: AttioInboundDeps) {
  return {
    async applyAttioEvents(input: ApplyAttioEventsInput): Promise<ApplyAttioEventsResult> {
      const ctx = currentContext();
      const [{ settings }, directions] = await Promise.all([loadCrmSettings(deps.prisma), deps.fieldDirections()]);
      const applyDeps = { prisma: deps.prisma, attio: deps.attio(ctx?.cancellationSignal), settings, directions };
      let outcomes: Record<string, number>;
      try {
        outcomes = await withHeartbeats(ctx, () => attioCall(() => applyAttioEventRows(applyDeps, input.workflowId, input.inboxIds)));
      } catch (err) {
        // A permanent failure (Attio 4xx, no API key) would fail every retry and every re-signal:
        // the rows say why instead, and a reconcile pass catches up once it is fixed.
        if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
        outcomes = { failed: await stampInbox(deps.prisma, input.inboxIds, "failed", err.message) };
      }
      return { stamped: Object.values(outcomes).reduce((a, b) => a + b, 0), outcomes };
    },

    /** One page of the reconcile pass (workflows/attio-reconcile.ts): reads synced leads' records and applies what changed. */
    async reconcileLeadPage(input: ReconcileLeadPageInput): Promise<ReconcileLeadPageResult> {
      const ctx = currentContext();
      const [{ settings }, directions] = await Promise.all([loadCrmSettings(deps.prisma), deps.fieldDirections()]);
      const applyDeps = { prisma: deps.prisma, attio: deps.attio(ctx?.cancellationSignal), settings, directions };
      return withHeartbeats(ctx, () => attioCall(() => reconcileSyncedLeads(applyDeps, input)));
    },
  };
}

export type AttioInboundActivities = ReturnType<typeof createAttioInboundActivities>;
