import { z } from "zod";
import { normalizeDomain, normalizeEmail, normalizeLinkedinUrl } from "../attio/normalize";
import type { PrismaClient } from "../db";
import type { LeadIdentity } from "./lead-identity";
import type { LeadField, LeadFieldErrors, LeadFormValues } from "./lead-fields";

export { LEAD_FIELDS, LEAD_FIELD_LABELS, leadFormValues, type LeadField, type LeadFieldErrors, type LeadFormValues } from "./lead-fields";

/**
 * Validation of a new lead, shared by the "Add lead" form and the CSV import.
 *
 * Email, company domain and LinkedIn URL must be values the Attio client can match on: they are
 * checked with the same normalisers the sync uses and stored normalised, so a lead accepted here
 * never fails its first sync with a 400 from Attio.
 */

export interface LeadInput extends LeadIdentity {
  icpScore: number | null;
  icpReasons: string[];
}

const MAX_TEXT = 200;
const MAX_REASONS = 20;
const MAX_REASON_LENGTH = 300;

function optionalText(label: string) {
  return z
    .string()
    .trim()
    .max(MAX_TEXT, `${label} can be at most ${MAX_TEXT} characters.`)
    .transform((s) => s || null);
}

/** An optional value that must normalise; the normalised form is what gets stored. */
function normalized(normalize: (s: string) => string | null, message: string) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (!s) return null;
      const value = normalize(s);
      if (value === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return value;
    });
}

const leadSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the lead's name.").max(MAX_TEXT, `Name can be at most ${MAX_TEXT} characters.`),
    role: optionalText("Role"),
    companyName: optionalText("Company"),
    companyDomain: normalized(normalizeDomain, "Enter a domain like acme.com."),
    email: normalized(normalizeEmail, "Enter an email address like ada@acme.com."),
    linkedinUrl: normalized(normalizeLinkedinUrl, "Enter a LinkedIn profile URL like https://www.linkedin.com/in/ada-lovelace."),
    icpScore: z
      .string()
      .trim()
      .refine((s) => s === "" || (/^\d{1,3}$/.test(s) && Number(s) <= 100), "Enter a whole number from 0 to 100.")
      .transform((s) => (s === "" ? null : Number(s))),
    // One reason per line in the form; `;` also separates them, which is how a CSV cell holds a list.
    icpReasons: z
      .string()
      .transform((s) =>
        s
          .split(/\r\n|\r|\n|;/)
          .map((r) => r.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length <= MAX_REASONS, `At most ${MAX_REASONS} reasons.`)
      .refine((list) => list.every((r) => r.length <= MAX_REASON_LENGTH), `Each reason can be at most ${MAX_REASON_LENGTH} characters.`),
  })
  .superRefine((lead, ctx) => {
    // IcpScore.score is required; reasons alone cannot be stored.
    if (lead.icpScore === null && lead.icpReasons.length > 0) {
      ctx.addIssue({ code: "custom", path: ["icpScore"], message: "Enter a score for these reasons." });
    }
  });

export type LeadValidation = { ok: true; lead: LeadInput } | { ok: false; fieldErrors: LeadFieldErrors };

export function validateLead(values: LeadFormValues): LeadValidation {
  const parsed = leadSchema.safeParse(values);
  if (parsed.success) return { ok: true, lead: parsed.data };
  const fieldErrors: LeadFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as LeadField;
    fieldErrors[field] ??= [];
    fieldErrors[field].push(issue.message);
  }
  return { ok: false, fieldErrors };
}

function createData(lead: LeadInput) {
  return {
    name: lead.name,
    role: lead.role,
    companyName: lead.companyName,
    companyDomain: lead.companyDomain,
    email: lead.email,
    linkedinUrl: lead.linkedinUrl,
    icpScore: lead.icpScore === null ? undefined : { create: { score: lead.icpScore, reasons: JSON.stringify(lead.icpReasons) } },
  };
}

export async function createLead(prisma: PrismaClient, lead: LeadInput): Promise<number> {
  const created = await prisma.lead.create({ data: createData(lead), select: { id: true } });
  return created.id;
}

/**
 * Inserts all the leads in one transaction: a failure on any of them leaves nothing behind.
 * Returns the new ids in input order.
 */
export async function createLeads(prisma: PrismaClient, leads: LeadInput[]): Promise<number[]> {
  if (leads.length === 0) return [];
  return prisma.$transaction(
    async (tx) => {
      // Bulk inserts: one nested create per lead took 1.5 s for 1,000 rows (holding SQLite's
      // write lock all along, which stalls the worker's status writes); this takes a fraction.
      const created = await tx.lead.createManyAndReturn({
        data: leads.map(({ icpScore: _s, icpReasons: _r, ...lead }) => lead),
        select: { id: true, name: true, email: true },
      });
      // Ids are handed out in insertion order (SQLite rowids, PostgreSQL's sequence), so sorted
      // ids line up with the input even if another writer's rows interleave on PostgreSQL. The
      // order of RETURNING rows itself is not guaranteed, hence the sort, and the check below,
      // which rolls everything back rather than attach a score to the wrong lead.
      created.sort((a, b) => a.id - b.id);
      const ids = created.map((row, i) => {
        if (row.name !== leads[i]!.name || row.email !== leads[i]!.email) throw new Error("Imported rows came back out of order.");
        return row.id;
      });
      const scores = leads.flatMap((lead, i) =>
        lead.icpScore === null ? [] : [{ leadId: ids[i]!, score: lead.icpScore, reasons: JSON.stringify(lead.icpReasons) }],
      );
      if (scores.length) await tx.icpScore.createMany({ data: scores });
      return ids;
    },
    // The default 5 s is tight for a 1,000-row import on a busy 2-core machine.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
