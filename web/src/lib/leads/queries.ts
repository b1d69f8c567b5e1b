import { Prisma } from "../../generated/prisma/client";
import type { PrismaClient } from "../db";
import { leadWithEvidence } from "./lead-with-evidence";
import { parseLeadId } from "./lead-id";

export const PAGE_SIZE = 25;
/** Longest search text used; the rest is ignored (a search box, not a document). */
export const MAX_SEARCH_LENGTH = 100;
const MAX_SEARCH_TERMS = 5;

/**
 * Where a page starts. Keyset pagination on the primary key (newest first): a page is "the 25
 * leads after id X" rather than "skip N rows", so every page costs the same with 100 or 100,000
 * leads, and leads added meanwhile never shift a row onto the next page twice.
 */
export type LeadPageCursor =
  | { kind: "first" }
  /** The page of leads older than (id below) `id`: "Next". */
  | { kind: "after"; id: number }
  /** The page of leads newer than (id above) `id`: "Previous". */
  | { kind: "before"; id: number }
  | { kind: "last" };

export interface LeadListParams {
  q?: string;
  /** Only leads whose Attio list entry is at this stage (set by inbound list-entry events). */
  stage?: string;
  cursor?: LeadPageCursor;
}

/** Reads the cursor from the page's search params (`after`, `before`, `last`); junk means the first page. */
export function cursorFromSearchParams(sp: { after?: string; before?: string; last?: string }): LeadPageCursor {
  const after = parseLeadId(sp.after);
  if (after !== null) return { kind: "after", id: after };
  const before = parseLeadId(sp.before);
  if (before !== null) return { kind: "before", id: before };
  if (sp.last === "1") return { kind: "last" };
  return { kind: "first" };
}

/**
 * The search as SQL: every word must appear in the name, company or email (so "ada northwind"
 * finds Ada at Northwind).
 *
 * Case: both sides go through the database's LOWER(), which is the same SQL on SQLite and
 * PostgreSQL. PostgreSQL folds every letter, so there the search ignores case fully. SQLite's
 * LOWER() (like its LIKE) folds ASCII letters only ("É" stays "É"), and Prisma offers no
 * case-insensitive mode on SQLite, so a word with non-ASCII letters is also tried lowercased,
 * uppercased and capitalised: "MÜLLER" and "müller" find "Müller", "émile" finds "Émile". On
 * SQLite a stored word whose non-ASCII letters mix cases ("ÅngstrÖm") can still be missed, and on
 * both, accents matter ("muller" does not find "Müller"). A normalised search column would lift both limits; at 10,000 leads it
 * is not worth a migration (see scripts/bench-list.ts).
 *
 * `%` and `_` are escaped: Prisma's `contains` passes them through as wildcards on SQLite, so a
 * search for "100%" would match every lead. Hence raw SQL with ESCAPE.
 */
export function searchCondition(q: string): Prisma.Sql {
  const words = q.split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_TERMS);
  if (words.length === 0) return Prisma.sql`1 = 1`;
  return Prisma.join(
    words.map((word) => {
      const patterns = caseVariants(word).map((v) => `%${v.replace(/[\\%_]/g, "\\$&")}%`);
      return Prisma.sql`(${Prisma.join(
        patterns.map(
          (p) =>
            Prisma.sql`LOWER("name") LIKE LOWER(${p}) ESCAPE '\\' OR LOWER("companyName") LIKE LOWER(${p}) ESCAPE '\\' OR LOWER("email") LIKE LOWER(${p}) ESCAPE '\\'`,
        ),
        " OR ",
      )})`;
    }),
    " AND ",
  );
}

/** The spellings to try for one word (see searchCondition); ASCII words need only one. */
export function caseVariants(word: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: "only ASCII" spans the whole ASCII range
  if (/^[\x00-\x7f]*$/.test(word)) return [word];
  const lower = word.toLocaleLowerCase("en-US");
  const capitalised = lower.charAt(0).toLocaleUpperCase("en-US") + lower.slice(1);
  return [...new Set([word, lower, word.toLocaleUpperCase("en-US"), capitalised])];
}

export function normalizeSearch(q: string | undefined): string {
  return (q ?? "").trim().replace(/\s+/g, " ").slice(0, MAX_SEARCH_LENGTH);
}

const listSelect = {
  id: true,
  name: true,
  role: true,
  companyName: true,
  email: true,
  attioSyncStatus: true,
  attioSyncedAt: true,
  attioSyncError: true,
  attioLastRunId: true,
  attioStage: true,
  attioDeletedAt: true,
  icpScore: { select: { score: true } },
} as const;

export type LeadListRow = Prisma.LeadGetPayload<{ select: typeof listSelect }>;

export interface LeadListPage {
  q: string;
  stage: string;
  leads: LeadListRow[];
  /** Leads matching the search (all leads without one). */
  total: number;
  /** 1-based position of the first and last row shown; 0 and 0 on an empty page. */
  from: number;
  to: number;
  /** Cursors for the neighbouring pages; null at either end. */
  prev: LeadPageCursor | null;
  next: LeadPageCursor | null;
}

/**
 * One page of leads for the list, newest first, searched by name, company and email.
 *
 * Cost per page: one indexed range scan for the 25 ids (`id < X ORDER BY id DESC LIMIT 25`), one
 * lookup of those rows with their scores, and two COUNTs: all matches, and matches above the
 * page (for "26–50 of N"). Without a search both counts run on an index (microseconds at 10,000
 * leads); with one they scan the table (figures in docs/benchmarks.md). Pages are aligned to multiples of PAGE_SIZE from the newest lead, so
 * "Last" and then "Previous" land on the same pages as "Next" from the top.
 */
export async function listLeads(prisma: PrismaClient, params: LeadListParams = {}): Promise<LeadListPage> {
  const q = normalizeSearch(params.q);
  const stage = normalizeSearch(params.stage);
  const where = stage ? Prisma.sql`${searchCondition(q)} AND "attioStage" = ${stage}` : searchCondition(q);
  const cursor = params.cursor ?? { kind: "first" };

  const total = await count(prisma, where);
  let ids: number[];
  switch (cursor.kind) {
    case "after":
      ids = await pageIds(prisma, Prisma.sql`${where} AND "id" < ${cursor.id}`, "DESC", PAGE_SIZE);
      break;
    case "before":
      ids = (await pageIds(prisma, Prisma.sql`${where} AND "id" > ${cursor.id}`, "ASC", PAGE_SIZE)).reverse();
      // Near the top a short "previous" page would misalign the pages: show the first page instead.
      if (ids.length < PAGE_SIZE) ids = await pageIds(prisma, where, "DESC", PAGE_SIZE);
      break;
    case "last":
      ids = (await pageIds(prisma, where, "ASC", total % PAGE_SIZE || PAGE_SIZE)).reverse();
      break;
    default:
      ids = await pageIds(prisma, where, "DESC", PAGE_SIZE);
  }

  const rows = ids.length ? await prisma.lead.findMany({ where: { id: { in: ids } }, select: listSelect }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A lead deleted between the two queries is simply left out.
  const leads = ids.map((id) => byId.get(id)).filter((r): r is LeadListRow => r !== undefined);

  if (leads.length === 0)
    return { q, stage, leads, total, from: 0, to: 0, prev: total > 0 && cursor.kind !== "first" ? { kind: "first" } : null, next: null };
  const first = leads[0]!.id;
  const last = leads[leads.length - 1]!.id;
  // The first page needs no position count; other pages count the matches above them.
  const above = cursor.kind === "first" ? 0 : await count(prisma, Prisma.sql`${where} AND "id" > ${first}`);
  const from = above + 1;
  const to = above + leads.length;
  return {
    q,
    stage,
    leads,
    total,
    from,
    to,
    prev: above > 0 ? { kind: "before", id: first } : null,
    next: to < total ? { kind: "after", id: last } : null,
  };
}

async function count(prisma: PrismaClient, where: Prisma.Sql): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS n FROM "Lead" WHERE ${where}`;
  return Number(row?.n ?? 0);
}

async function pageIds(prisma: PrismaClient, where: Prisma.Sql, order: "ASC" | "DESC", limit: number): Promise<number[]> {
  const rows = await prisma.$queryRaw<
    { id: bigint | number }[]
  >`SELECT "id" FROM "Lead" WHERE ${where} ORDER BY "id" ${Prisma.raw(order)} LIMIT ${limit}`;
  return rows.map((r) => Number(r.id));
}

/** Search params for a link to the page at `cursor`, keeping the search. */
export function pageSearchParams(q: string, cursor: LeadPageCursor, stage = ""): URLSearchParams {
  const sp = new URLSearchParams();
  if (q) sp.set("q", q);
  if (stage) sp.set("stage", stage);
  if (cursor.kind === "after") sp.set("after", String(cursor.id));
  if (cursor.kind === "before") sp.set("before", String(cursor.id));
  if (cursor.kind === "last") sp.set("last", "1");
  return sp;
}

/** The stages leads' Attio list entries are at, for the list's filter. */
export async function knownStages(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.lead.findMany({ where: { attioStage: { not: null } }, select: { attioStage: true }, distinct: ["attioStage"] });
  return rows.map((r) => r.attioStage as string).sort((a, b) => a.localeCompare(b));
}

export function getLeadWithEvidence(prisma: PrismaClient, id: number) {
  return prisma.lead.findUnique({ where: { id }, include: leadWithEvidence });
}
