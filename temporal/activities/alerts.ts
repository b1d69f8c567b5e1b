/**
 * Failure alerts to a webhook (Slack-compatible JSON: Slack reads `text`, other receivers the
 * structured fields). Off unless LEADSYNC_ALERT_WEBHOOK_URL is set. A lead alerts at most once per
 * LEADSYNC_ALERT_INTERVAL_MINUTES: the SyncAlert row is claimed before posting, and a retry of the
 * same run's alert (the post failed) may post again, since its claim names that run.
 *
 * Runs as an activity with retries in its own small workflow (workflows/alerts.ts), so a webhook
 * that is down is retried for an hour without holding up the failed sync itself.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { PrismaClient } from "../../web/src/lib/db";
import type { AlertSettings, TemporalSettings } from "../../web/src/lib/config";
import { temporalRunUrl } from "../../web/src/lib/temporal/client";
import type { LeadFailureAlert, PassFailureAlert } from "../../web/src/lib/temporal/contract";
import { errorFields, LOG_EVENTS, logger } from "../../web/src/lib/log";

export interface AlertActivityDeps {
  prisma: PrismaClient;
  settings: () => { alerts: AlertSettings; temporal: TemporalSettings };
  fetch?: typeof fetch;
}

export type AlertOutcome = "off" | "throttled" | "sent";

const POST_TIMEOUT_MS = 10_000;

/**
 * Posts one alert. Never follows a redirect (the body and the webhook's own URL would go where it
 * points) and never names the URL in a failure: the URL is the webhook's secret.
 */
export async function postAlert(url: string, body: unknown, fetchImpl: typeof fetch = fetch): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
  } catch (err) {
    const reason = err instanceof Error && err.name === "TimeoutError" ? "did not answer in time" : "could not be reached";
    throw new Error(`The alert webhook ${reason}.`);
  }
  if (res.status >= 300 && res.status < 400)
    throw ApplicationFailure.nonRetryable(
      `The alert webhook answered a redirect (${res.status}); leadsync does not follow it: set LEADSYNC_ALERT_WEBHOOK_URL to the final URL.`,
      "AlertRejected",
    );
  // 4xx other than 429: the webhook refuses this payload or URL; retrying cannot help.
  if (res.status >= 400 && res.status < 500 && res.status !== 429) {
    throw ApplicationFailure.nonRetryable(`The alert webhook answered ${res.status}.`, "AlertRejected");
  }
  if (!res.ok) throw new Error(`The alert webhook answered ${res.status}.`);
}

/** Which run an alert is about, for its log line (ids only: never the webhook URL, a lead's name or the error text). */
type AlertSubject =
  | { kind: "lead"; leadId: number; workflowId: string; runId: string }
  | { kind: PassFailureAlert["kind"]; workflowId: string };

export function createAlertActivities(deps: AlertActivityDeps) {
  /** Posts, with one `alert` log line for the post: sent, or failed with why. */
  const post = async (url: string, body: unknown, subject: AlertSubject) => {
    const line = { event: LOG_EVENTS.alert, ...subject };
    try {
      await postAlert(url, body, deps.fetch ?? fetch);
    } catch (err) {
      logger().warn({ ...line, outcome: "failed", error: errorFields(err) }, "alert webhook post failed");
      throw err;
    }
    logger().info({ ...line, outcome: "sent" }, "alert sent");
  };

  return {
    /** Posts "this lead's sync failed", unless alerts are off or the lead alerted recently. */
    async alertSyncFailed(alert: LeadFailureAlert): Promise<AlertOutcome> {
      const { alerts, temporal } = deps.settings();
      if (!alerts.webhookUrl) return "off";
      const now = new Date();
      const last = await deps.prisma.syncAlert.findUnique({ where: { leadId: alert.leadId } });
      const recent = last && now.getTime() - last.lastSentAt.getTime() < alerts.intervalMinutes * 60_000;
      if (recent && last.lastRunId !== alert.runId) {
        logger().info({ event: LOG_EVENTS.alert, ...leadSubject(alert), outcome: "throttled" }, "alert throttled");
        return "throttled";
      }
      if (!last || last.lastRunId !== alert.runId) {
        await deps.prisma.syncAlert.upsert({
          where: { leadId: alert.leadId },
          create: { leadId: alert.leadId, lastSentAt: now, lastRunId: alert.runId },
          update: { lastSentAt: now, lastRunId: alert.runId },
        });
      }
      const lead = await deps.prisma.lead.findUnique({ where: { id: alert.leadId }, select: { name: true } });
      const name = lead?.name ?? `Lead ${alert.leadId}`;
      const leadUrl = `${alerts.publicUrl}/leads/${alert.leadId}`;
      const runUrl = temporalRunUrl(alert.workflowId, alert.runId, temporal);
      const logUrl = `${alerts.publicUrl}/syncs?lead=${alert.leadId}`;
      await post(
        alerts.webhookUrl,
        {
          text: `:warning: Sync to Attio failed for <${leadUrl}|${slackEscape(name)}>: ${slackEscape(alert.error)}\n<${logUrl}|Sync log> · <${runUrl}|Run in Temporal>`,
          lead: { id: alert.leadId, name, url: leadUrl },
          error: alert.error,
          links: { lead: leadUrl, syncLog: logUrl, temporalRun: runUrl },
        },
        leadSubject(alert),
      );
      return "sent";
    },

    /** Posts "this bulk sync or scheduled pass had failures" once per pass. */
    async alertPassFailed(alert: PassFailureAlert): Promise<AlertOutcome> {
      const { alerts, temporal } = deps.settings();
      if (!alerts.webhookUrl) return "off";
      const logUrl = `${alerts.publicUrl}/syncs?outcome=failed`;
      const runUrl = temporalRunUrl(alert.workflowId, null, temporal);
      const what = alert.kind === "schedule" ? "The scheduled re-sync" : alert.kind === "retry" ? "Retry all failed" : "A bulk sync";
      await post(
        alerts.webhookUrl,
        {
          text: `:warning: ${what} finished with ${alert.failed} failed ${alert.failed === 1 ? "lead" : "leads"} of ${alert.total}.\n<${logUrl}|Failed runs> · <${runUrl}|Run in Temporal>`,
          pass: { kind: alert.kind, failed: alert.failed, total: alert.total, failedLeadIds: alert.failedLeadIds },
          error: `${alert.failed} of ${alert.total} leads failed to sync`,
          links: { syncLog: logUrl, temporalRun: runUrl },
        },
        { kind: alert.kind, workflowId: alert.workflowId },
      );
      return "sent";
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;

function leadSubject(alert: LeadFailureAlert): AlertSubject {
  return { kind: "lead", leadId: alert.leadId, workflowId: alert.workflowId, runId: alert.runId };
}

/** Slack's mrkdwn control characters, escaped as its docs ask. */
function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
