import { ApplicationFailure, Context } from "@temporalio/activity";
import type { PrismaClient } from "../../web/src/lib/db";
import type { AttioClient, AttioRecordRef } from "../../web/src/lib/attio/client";
import { toLeadSnapshot, snapshotHash } from "../../web/src/lib/note/snapshot";
import { buildSyncNote, syncMarker } from "../../web/src/lib/note/build-note";
import { SyncFailureType } from "../../web/src/lib/temporal/contract";
import { leadWithEvidence } from "../../web/src/lib/leads/lead-with-evidence";
import { attioCall } from "./failures";

export interface SyncActivityDeps {
  prisma: PrismaClient;
  /** Builds an Attio client from the worker's configuration; called per activity so env changes apply. */
  attio: () => AttioClient;
  /** The worker's Attio API key (or undefined): checked up front and redacted from notes. */
  attioApiKey: () => string | undefined;
}

export interface RunRef {
  workflowId: string;
  runId: string;
}

/** What the company and person upserts need: the lead's identity, without the (large) note. */
export interface SyncRecordInput {
  leadId: number;
  name: string;
  role: string | null;
  email: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
  knownPersonId: string | null;
  knownCompanyId: string | null;
}

export interface SyncNote {
  title: string;
  markdown: string;
  marker: string;
}

export interface PreparedSync extends SyncRecordInput {
  note: SyncNote;
  snapshotHash: string;
}

export interface PersistSyncInput extends RunRef {
  leadId: number;
  person: AttioRecordRef;
  company: AttioRecordRef | null;
  syncedAt: string;
  snapshotHash: string;
}

const MISSING_KEY_ON_WORKER = "ATTIO_API_KEY is not set on the worker. Add it to .env (see .env.example) and restart the worker.";

/**
 * The sync activities, with their dependencies injected (the worker passes real ones; tests
 * pass a test database and a client aimed at the fake Attio).
 *
 * Every one of them may run more than once for the same run (a retry after a lost response, a
 * worker killed mid-call), so each is written to converge: the Attio client dedupes its writes,
 * the note carries a run-unique marker, and the database writes set absolute values.
 */
export function createSyncActivities(deps: SyncActivityDeps) {
  const activities = {
    /** Loads the lead with its evidence, marks it running and builds the snapshot note. */
    async prepareSync(input: RunRef & { leadId: number; syncedAt: string }): Promise<PreparedSync> {
      const apiKey = deps.attioApiKey();
      if (!apiKey) {
        throw ApplicationFailure.create({ type: SyncFailureType.AttioConfigError, message: MISSING_KEY_ON_WORKER, nonRetryable: true });
      }
      const lead = await deps.prisma.lead.findUnique({ where: { id: input.leadId }, include: leadWithEvidence });
      if (!lead) throw leadNotFound(`Lead ${input.leadId} does not exist (it may have been deleted).`);
      await deps.prisma.lead.update({
        where: { id: lead.id },
        data: {
          attioSyncStatus: "running",
          attioSyncError: null,
          attioLastRunAt: new Date(input.syncedAt),
          attioLastWorkflowId: input.workflowId,
          attioLastRunId: input.runId,
        },
      });
      const snapshot = toLeadSnapshot(lead);
      const marker = syncMarker(input.workflowId, input.runId);
      // The key is passed as an extra secret: should a lead's text contain it, it is redacted
      // here, before the note reaches Temporal's history or Attio.
      const note = buildSyncNote(snapshot, { syncedAt: new Date(input.syncedAt), marker, secrets: [apiKey] });
      return {
        leadId: lead.id,
        name: lead.name,
        role: lead.role,
        email: lead.email,
        linkedinUrl: lead.linkedinUrl,
        companyName: lead.companyName,
        companyDomain: lead.companyDomain,
        knownPersonId: lead.attioPersonId,
        knownCompanyId: lead.attioCompanyId,
        note: { ...note, marker },
        snapshotHash: snapshotHash(snapshot),
      };
    },

    /**
     * Finds or creates the lead's company; dedup rules live in the client (stored id, then domain
     * assert, else name query). A repeat after Attio created the company but the answer was lost
     * finds that company: the assert matches its domain, the name query its name.
     */
    async upsertCompany(lead: SyncRecordInput): Promise<AttioRecordRef | null> {
      if (!lead.companyName) return null;
      return withHeartbeats(() =>
        attioCall(() =>
          deps.attio().upsertCompany({
            name: lead.companyName!,
            domain: lead.companyDomain,
            email: lead.email,
            knownId: lead.knownCompanyId,
          }),
        ),
      );
    },

    /** Finds (stored id, email, LinkedIn) or creates the person, linked to the company. */
    async upsertPerson(input: { lead: SyncRecordInput; companyId: string | null }): Promise<AttioRecordRef> {
      const { lead } = input;
      return withHeartbeats(() =>
        attioCall(() =>
          deps.attio().upsertPerson({
            name: lead.name,
            email: lead.email,
            linkedinUrl: lead.linkedinUrl,
            companyName: lead.companyName,
            title: lead.role,
            companyId: input.companyId,
            knownId: lead.knownPersonId,
          }),
        ),
      );
    },

    /**
     * Adds the snapshot note. The run-unique marker makes a retry after a lost response (or a
     * worker crash after Attio wrote the note) find the earlier note instead of writing a second.
     *
     * The lookup (one or more GETs) is skipped only when no earlier attempt can have written the
     * note: this is the first attempt, and the marker belongs to this very run. The second
     * condition matters after a Temporal reset: the new run replays the old run's note, marker
     * included, and the old run may already have added it. Outside Temporal it always looks.
     */
    async addNote(input: { personId: string; note: SyncNote }): Promise<{ id: string }> {
      const { personId, note } = input;
      const fresh = isFirstAttemptOfRun(note.marker) && note.markdown.includes(note.marker);
      return withHeartbeats(() =>
        attioCall(() =>
          // Without the option the client neither looks the marker up nor appends it; the
          // content already carries it (the note's footer), so a later retry can still find it.
          deps.attio().addNoteToPerson(personId, note.markdown, fresh ? { title: note.title } : { title: note.title, marker: note.marker }),
        ),
      );
    },

    /** Stores the Attio IDs, sync time, outcome and snapshot hash on the lead. */
    async recordSuccess(input: PersistSyncInput): Promise<void> {
      const { count } = await deps.prisma.lead.updateMany({
        where: { id: input.leadId },
        data: {
          attioPersonId: input.person.id,
          attioPersonUrl: input.person.webUrl,
          attioCompanyId: input.company?.id ?? null,
          attioCompanyUrl: input.company?.webUrl ?? null,
          attioSyncedAt: new Date(input.syncedAt),
          attioSyncStatus: "synced",
          attioSyncError: null,
          attioLastWorkflowId: input.workflowId,
          attioLastRunId: input.runId,
          attioSnapshotHash: input.snapshotHash,
        },
      });
      // Without this check a lead deleted mid-run would end in a "completed" run that stored nothing.
      if (count === 0) {
        throw leadNotFound(`Lead ${input.leadId} was deleted while it was being synced; the records already written to Attio were kept.`);
      }
    },

    /** Stores a failed outcome on the lead, so the list and the page show it without Temporal. */
    async recordFailure(input: RunRef & { leadId: number; error: string }): Promise<void> {
      await deps.prisma.lead.updateMany({
        where: { id: input.leadId },
        data: {
          attioSyncStatus: "failed",
          attioSyncError: input.error.slice(0, 2_000),
          attioLastWorkflowId: input.workflowId,
          attioLastRunId: input.runId,
        },
      });
    },
  };
  return {
    ...activities,
    // The names runs started before the rename still schedule (workflows/sync-lead.ts, SYNC_PATCHES).
    loadLeadAndBuildNote: activities.prepareSync,
    persistIds: activities.recordSuccess,
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;

function leadNotFound(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: SyncFailureType.LeadNotFound, message, nonRetryable: true });
}

/** True inside the first attempt of an activity whose run is the one `marker` was made for. */
function isFirstAttemptOfRun(marker: string): boolean {
  let info: Context["info"];
  try {
    info = Context.current().info;
  } catch {
    return false;
  }
  const run = info.workflowExecution; // absent for standalone activities
  return info.attempt === 1 && !!run && marker === syncMarker(run.workflowId, run.runId);
}

/**
 * Heartbeats while an Attio step runs, so a killed worker is noticed after the heartbeat timeout
 * (seconds) instead of the whole start-to-close timeout, and its attempt is retried elsewhere.
 * The first beat comes after a third of the timeout: an ordinary step (a few hundred ms) sends
 * none, so this costs nothing on the fast path. Outside an activity (direct calls) it just runs.
 */
async function withHeartbeats<T>(fn: () => Promise<T>): Promise<T> {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return fn();
  }
  const timeoutMs = ctx.info.heartbeatTimeoutMs;
  if (!timeoutMs) return fn();
  const timer = setInterval(() => ctx.heartbeat(), Math.max(50, Math.floor(timeoutMs / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
