import { ApplicationFailure } from "@temporalio/activity";
import type { PrismaClient } from "../../web/src/lib/db";
import type { AttioClient, AttioRecordRef } from "../../web/src/lib/attio/client";
import { toLeadSnapshot, snapshotHash } from "../../web/src/lib/note/snapshot";
import { buildSyncNote, syncMarker } from "../../web/src/lib/note/build-note";
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

export interface PreparedSync {
  leadId: number;
  name: string;
  role: string | null;
  email: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
  knownPersonId: string | null;
  knownCompanyId: string | null;
  note: { title: string; markdown: string; marker: string };
  snapshotHash: string;
}

export interface PersistSyncInput extends RunRef {
  leadId: number;
  person: AttioRecordRef;
  company: AttioRecordRef | null;
  syncedAt: string;
  snapshotHash: string;
}

const MISSING_KEY_ON_WORKER =
  "ATTIO_API_KEY is not set on the worker. Add it to .env (see .env.example) and restart the worker.";

const leadWithEvidence = { sourceSignal: true, icpScore: true, drafts: true, touchpoints: true } as const;

/**
 * The sync activities, with their dependencies injected (the worker passes real ones; tests
 * pass a test database and a client aimed at the fake Attio).
 */
export function createSyncActivities(deps: SyncActivityDeps) {
  return {
    /** Loads the lead with its evidence, marks it running and builds the snapshot note. */
    async loadLeadAndBuildNote(input: RunRef & { leadId: number; syncedAt: string }): Promise<PreparedSync> {
      const apiKey = deps.attioApiKey();
      if (!apiKey) {
        throw ApplicationFailure.create({ type: "AttioConfigError", message: MISSING_KEY_ON_WORKER, nonRetryable: true });
      }
      const lead = await deps.prisma.lead.findUnique({ where: { id: input.leadId }, include: leadWithEvidence });
      if (!lead) {
        throw ApplicationFailure.create({
          type: "LeadNotFound",
          message: `Lead ${input.leadId} does not exist (it may have been deleted).`,
          nonRetryable: true,
        });
      }
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

    /** Finds or creates the lead's company; dedup rules live in the client (domain assert, else name). */
    async upsertCompany(lead: PreparedSync): Promise<AttioRecordRef | null> {
      if (!lead.companyName) return null;
      return attioCall(() =>
        deps.attio().upsertCompany({
          name: lead.companyName!,
          domain: lead.companyDomain,
          email: lead.email,
          knownId: lead.knownCompanyId,
        }),
      );
    },

    /** Finds (stored id, email, LinkedIn) or creates the person, linked to the company. */
    async upsertPerson(input: { lead: PreparedSync; companyId: string | null }): Promise<AttioRecordRef> {
      const { lead } = input;
      return attioCall(() =>
        deps.attio().upsertPerson({
          name: lead.name,
          email: lead.email,
          linkedinUrl: lead.linkedinUrl,
          companyName: lead.companyName,
          title: lead.role,
          companyId: input.companyId,
          knownId: lead.knownPersonId,
        }),
      );
    },

    /**
     * Adds the snapshot note. The run-unique marker makes a retry after a lost response (or a
     * worker crash after Attio wrote the note) find the earlier note instead of writing a second.
     */
    async addNote(input: { personId: string; note: PreparedSync["note"] }): Promise<{ id: string }> {
      const { personId, note } = input;
      return attioCall(() => deps.attio().addNoteToPerson(personId, note.markdown, { title: note.title, marker: note.marker }));
    },

    /** Stores the Attio IDs and the outcome on the lead. */
    async persistIds(input: PersistSyncInput): Promise<void> {
      await deps.prisma.lead.updateMany({
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
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;
