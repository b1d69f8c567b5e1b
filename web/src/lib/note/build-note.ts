// The sync snapshot note. Over 300 lines on purpose: its sections, Markdown escaping and size
// bounds interlock (a bound cuts what escaping produced), and the golden notes pin them together.
import { formatShortTimestamp } from "../format";
import { parseHttpUrl } from "../http-url";
import { redactCredentials } from "./redact";
import type { LeadSnapshot } from "./snapshot";

/**
 * Builds the "Sync snapshot" note that each sync adds to the Attio person. Attio stores markdown
 * but only renders a subset (headings #-###, bullet lists, bold, italic, links; see
 * shared/attio-api.md section 5), so the note uses only that subset and every piece of lead data
 * is escaped: lead text comes from scraping and LLM drafts and must never be able to inject
 * structure, links or images.
 */

/** Whole-note bound: Attio documents no limit, and a multi-megabyte note is useless in a CRM. */
export const NOTE_MAX_CHARS = 100_000;
/** Per-draft content bound, so one runaway draft cannot push everything else out. */
export const DRAFT_MAX_CHARS = 4_000;
/** Bound for single-line fields (name, role, hypothesis, reasons…), keeping the summary small. */
export const FIELD_MAX_CHARS = 2_000;
/** Longest URL still rendered as a link; longer ones are shown (truncated) as text. */
const URL_MAX_CHARS = 2_000;

const MARKER_PREFIX = "leadsync-sync:";

/**
 * Restricts marker parts to characters that survive markdown rendering, markdown->plaintext
 * conversion and our own escaping unchanged (no `_`/`*` that could be read as emphasis, no spaces),
 * so the activity can find the note again by a plain substring search.
 */
function sanitizeMarkerPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.:-]/g, "-");
}

/** e.g. `leadsync-sync:lead-42/3f2c…`: unique per workflow run, so a retried "add note" can detect its own note. */
export function syncMarker(workflowId: string, runId: string): string {
  return `${MARKER_PREFIX}${sanitizeMarkerPart(workflowId)}/${sanitizeMarkerPart(runId)}`;
}

/**
 * syncMarker's output (and anything in its alphabet) is written verbatim, so a substring search
 * for it in the stored markdown or plaintext finds the note. Anything else (say, a UI preview's
 * "(added when the sync runs)") is ordinary text: escaped, never able to break the last line.
 */
function renderMarker(marker: string): string {
  if (/^[A-Za-z0-9.:/-]+$/.test(marker)) return marker;
  const text = stripInvisibleChars(marker).replace(/\s+/g, " ").trim();
  return escapeLine(cut(text, FIELD_MAX_CHARS).kept) || "none";
}

export interface BuildSyncNoteOptions {
  syncedAt: Date;
  /** Written as the note's last line so the note can be found again; omitted when absent. */
  marker?: string;
  /** Extra exact values to redact (ATTIO_API_KEY is always redacted). */
  secrets?: (string | null | undefined)[];
  /** Bound on `markdown.length`; the summary and marker line are kept even if they alone exceed it. */
  maxChars?: number;
}

export function buildSyncNote(lead: LeadSnapshot, opts: BuildSyncNoteOptions): { title: string; markdown: string } {
  if (Number.isNaN(opts.syncedAt.getTime())) throw new RangeError("buildSyncNote: syncedAt is an invalid Date");
  const maxChars = opts.maxChars ?? NOTE_MAX_CHARS;
  const t = new TextRenderer(opts.secrets);

  const summary = renderSummary(lead, opts.syncedAt, t);
  const chunks = [...icpChunks(lead, t), ...sourceChunks(lead, t), ...draftChunks(lead, t), ...touchpointChunks(lead, t)];
  const footer = opts.marker === undefined ? undefined : `_Sync ID: ${renderMarker(opts.marker)}_`;

  const body = fitChunks(summary, chunks, footer, maxChars);
  const blocks = [summary, ...body];
  if (footer) blocks.push(footer);
  return { title: `Sync snapshot ${formatShortTimestamp(opts.syncedAt)}`, markdown: blocks.join("\n\n") };
}

// ---------------------------------------------------------------------------------------------
// Sections

/** A unit the size bound may drop; `counts` says what the reader loses if it is dropped. */
interface Chunk {
  text: string;
  counts: Partial<Record<OmitKind, number>>;
}
type OmitKind = "icp" | "reason" | "source" | "draft" | "touchpoint";

function renderSummary(lead: LeadSnapshot, syncedAt: Date, t: TextRenderer): string {
  const company = [
    lead.companyName ? t.inline(lead.companyName) : null,
    lead.companyDomain ? (lead.companyName ? `(${t.inline(lead.companyDomain)})` : t.inline(lead.companyDomain)) : null,
  ].filter((p): p is string => p !== null);
  const name = lead.name.trim() === "" ? "Unnamed lead" : t.inline(lead.name);
  return [
    `# ${name}`,
    "",
    `- **Role:** ${lead.role ? t.inline(lead.role) : NONE}`,
    `- **Company:** ${company.length ? company.join(" ") : NONE}`,
    `- **Email:** ${lead.email ? t.inline(lead.email) : NONE}`,
    `- **LinkedIn:** ${lead.linkedinUrl ? t.url(lead.linkedinUrl) : NONE}`,
    `- **Lead ID:** ${lead.id}`,
    // Minutes are enough for a CRM reader, and match the title.
    `- **Synced at:** ${formatShortTimestamp(syncedAt)}`,
  ].join("\n");
}

const NONE = "*none*";

function icpChunks(lead: LeadSnapshot, t: TextRenderer): Chunk[] {
  if (!lead.icpScore) return [{ text: "## ICP score\n\nNo ICP score yet.", counts: {} }];
  const head = `## ICP score\n\n**Score:** ${Number.isFinite(lead.icpScore.score) ? lead.icpScore.score : t.inline(String(lead.icpScore.score))}`;
  const reasons = lead.icpScore.reasons;
  if (reasons.length === 0) return [{ text: `${head}\n\nNo reasons recorded.`, counts: { icp: 1 } }];
  // Reasons are separate chunks so a lead with thousands of them still fits; the heading travels
  // with the first one so a cut never leaves a dangling heading.
  return reasons.map((r, i) => ({
    text: i === 0 ? `${head}\n\n**Reasons:**\n\n- ${t.inline(r)}` : `- ${t.inline(r)}`,
    counts: i === 0 ? { icp: 1, reason: 1 } : { reason: 1 },
  }));
}

function sourceChunks(lead: LeadSnapshot, t: TextRenderer): Chunk[] {
  const s = lead.sourceSignal;
  if (!s) return [{ text: "## Source signal\n\nNo source signal recorded.", counts: {} }];
  const text = [
    "## Source signal",
    "",
    `- **Source URL:** ${t.url(s.sourceUrl)}`,
    `- **Captured at:** ${t.date(s.capturedAt)}`,
    `- **Angle:** ${s.angle ? t.inline(s.angle) : NONE}`,
    "",
    "**Excerpt:**",
    "",
    t.block(s.excerpt, DRAFT_MAX_CHARS),
  ].join("\n");
  return [{ text, counts: { source: 1 } }];
}

function draftChunks(lead: LeadSnapshot, t: TextRenderer): Chunk[] {
  const n = lead.drafts.length;
  if (n === 0) return [{ text: "## Drafts\n\nNo drafts yet.", counts: {} }];
  return lead.drafts.map((d, i) => {
    const text = [
      ...(i === 0 ? [`## Drafts (${n})`, ""] : []),
      `### Draft ${i + 1} of ${n}`,
      "",
      `- **Angle:** ${t.inline(d.angle)}`,
      `- **Variant:** ${t.inline(d.variantKey)}`,
      `- **Hypothesis:** ${t.inline(d.hypothesis)}`,
      "",
      "**Content:**",
      "",
      t.block(d.content, DRAFT_MAX_CHARS),
    ].join("\n");
    return { text, counts: { draft: 1 } };
  });
}

function touchpointChunks(lead: LeadSnapshot, t: TextRenderer): Chunk[] {
  const n = lead.touchpoints.length;
  if (n === 0) return [{ text: "## Touchpoints\n\nNo touchpoints yet.", counts: {} }];
  return lead.touchpoints.map((tp, i) => {
    // An empty channel would leave "****", which renders as a horizontal rule.
    const line = `- **${tp.channel.trim() ? t.inline(tp.channel) : "unknown channel"}**: ${t.inline(tp.status)}, ${tp.sentAt ? `sent ${t.date(tp.sentAt)}` : "not sent"}`;
    return { text: i === 0 ? `## Touchpoints (${n})\n\n${line}` : line, counts: { touchpoint: 1 } };
  });
}

// ---------------------------------------------------------------------------------------------
// Size bound

/**
 * Keeps the longest prefix of chunks that fits, then a visible "[note truncated]" line saying what
 * was left out. A prefix (rather than skipping to smaller later chunks) keeps the note's reading
 * order intact and makes the result easy to predict.
 */
function fitChunks(summary: string, chunks: Chunk[], footer: string | undefined, maxChars: number): string[] {
  // List items of one section are joined by a single newline (one list); everything else by a blank line.
  const joined = (list: Chunk[]) => joinChunks(list.map((c) => c.text));
  const fixed = summary.length + (footer ? 2 + footer.length : 0);
  const all = joined(chunks);
  if (fixed + (all ? 2 + all.length : 0) <= maxChars) return all ? [all] : [];

  const omitted = (from: number) => truncationLine(chunks.slice(from), maxChars);
  // Reserve room for the truncation line: dropping everything gives the longest list of counts;
  // the slack covers the "remaining sections" wording when only count-less chunks are dropped.
  const reserve = 2 + omitted(0).length + 32;
  let used = fixed;
  let kept = 0;
  let previous: string | undefined;
  for (const c of chunks) {
    const cost = (previous === undefined || !isListContinuation(c.text) ? 2 : 1) + c.text.length;
    if (used + cost + reserve > maxChars) break;
    used += cost;
    previous = c.text;
    kept++;
  }
  const body = joined(chunks.slice(0, kept));
  return [...(body ? [body] : []), omitted(kept)];
}

/** Continuation items of a list start with "- " and must follow the previous item directly. */
function isListContinuation(text: string): boolean {
  return text.startsWith("- ");
}

function joinChunks(texts: string[]): string {
  let out = "";
  for (const text of texts) out += out === "" ? text : (isListContinuation(text) ? "\n" : "\n\n") + text;
  return out;
}

function truncationLine(dropped: Chunk[], maxChars: number): string {
  const total: Record<OmitKind, number> = { icp: 0, reason: 0, source: 0, draft: 0, touchpoint: 0 };
  for (const c of dropped) for (const [k, v] of Object.entries(c.counts)) total[k as OmitKind] += v ?? 0;
  const parts: string[] = [];
  if (total.icp) parts.push("the ICP score");
  if (total.reason) parts.push(plural(total.reason, "ICP reason"));
  if (total.source) parts.push("the source signal");
  if (total.draft) parts.push(plural(total.draft, "draft"));
  if (total.touchpoint) parts.push(plural(total.touchpoint, "touchpoint"));
  const what = parts.length ? parts.join(", ") : "the remaining sections";
  return `**\\[note truncated\\]** Left out to stay within ${formatCount(maxChars)} characters: ${what}.`;
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** 12345 -> "12,345" without depending on the runtime's ICU data. */
function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

// ---------------------------------------------------------------------------------------------
// Escaping

/**
 * Turns lead text into safe markdown. Every value is cut to its field's limit, then redacted,
 * then escaped: cutting first bounds the redactor's work (it runs on every lead page view), and
 * escaping inserts backslashes, which would stop an exact secret or a key pattern from matching.
 */
class TextRenderer {
  constructor(private readonly secrets: (string | null | undefined)[] | undefined) {}

  private redact(text: string): string {
    return redactCredentials(text, this.secrets);
  }

  /** A single-line field: newlines collapse to spaces, length capped, markdown escaped. */
  inline(raw: string): string {
    const first = cut(raw, FIELD_MAX_CHARS);
    const text = stripInvisibleChars(this.redact(first.kept))
      .replace(/\s*\n\s*/g, " ")
      .trim();
    const { kept, rest } = cut(text, FIELD_MAX_CHARS);
    return escapeLine(kept) + (rest + first.rest > 0 ? "…" : "");
  }

  /** Multi-line text as markdown paragraphs: one output line per input line, blank lines kept (collapsed). */
  block(raw: string, maxChars: number): string {
    const first = cut(raw, maxChars);
    const second = cut(stripInvisibleChars(this.redact(first.kept)), maxChars);
    const kept = second.kept;
    const rest = first.rest + second.rest;
    const lines: string[] = [];
    for (const line of kept.split("\n")) {
      // Leading whitespace is dropped: four spaces would start a code block, which Attio does not render.
      const trimmed = line.trim();
      if (trimmed === "") {
        if (lines.length && lines[lines.length - 1] !== "") lines.push("");
      } else {
        lines.push(escapeLine(trimmed));
      }
    }
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    if (lines.length === 0 && rest === 0) return "*(empty)*";
    if (rest > 0) {
      if (lines.length) lines.push("");
      lines.push(`*… \\[truncated, ${formatCount(rest)} more characters\\]*`);
    }
    return lines.join("\n");
  }

  /** Links only for http(s) URLs; anything else (javascript:, data:, bare domains) is escaped text. */
  url(raw: string): string {
    // One character over the limit survives the cut, so an over-long URL is still seen as one.
    const first = cut(raw, URL_MAX_CHARS + 1);
    const text = stripInvisibleChars(this.redact(first.kept)).replace(/\s+/g, " ").trim();
    const label = this.inlineFromClean(text, first.rest);
    if (text.length > URL_MAX_CHARS || /\s/.test(text)) return label;
    const parsed = parseHttpUrl(text);
    if (!parsed) return label;
    // WHATWG serialisation percent-encodes spaces and quotes; parentheses, brackets, backslashes
    // and angle brackets would still end or confuse a markdown link destination, so encode those
    // too. Emphasis characters are inert inside a destination and stay as they are.
    const dest = parsed.href.replace(/[()[\]\\<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
    return `[${label}](${dest})`;
  }

  /** ISO instants in the note's date format; unparsable strings are shown escaped. */
  date(raw: string): string {
    const d = new Date(raw);
    return Number.isNaN(d.getTime()) ? this.inline(raw) : formatShortTimestamp(d);
  }

  private inlineFromClean(text: string, alreadyCut = 0): string {
    const { kept, rest } = cut(text, FIELD_MAX_CHARS);
    return escapeLine(kept) + (rest + alreadyCut > 0 ? "…" : "");
  }
}

/**
 * Normalises line endings and removes characters that render invisibly or deceptively: C0/C1
 * controls (tabs become spaces) and bidirectional overrides (which can visually reorder text).
 * Zero-width joiners stay: emoji sequences need them.
 */
function stripInvisibleChars(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
      .replace(/\t/g, " ")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069]/g, "")
  );
}

/** Cuts at `max` UTF-16 units without splitting a surrogate pair; `rest` is what was dropped. */
function cut(text: string, max: number): { kept: string; rest: number } {
  if (text.length <= max) return { kept: text, rest: 0 };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  const kept = text.slice(0, end).trimEnd();
  return { kept, rest: text.length - kept.length };
}

/**
 * Escapes one line of text so it renders literally, wherever it lands (list item, heading,
 * paragraph start). Inline: backslash, code spans, emphasis, links/images, html/autolinks,
 * tables, strikethrough, ==highlight==, entities. Line start: headings, list markers, ordered
 * list numbers, setext underlines.
 */
export function escapeLine(text: string): string {
  let out = text
    .replace(/[\\`*_[\]<>|~]/g, "\\$&")
    .replace(/!(?=\\\[)/g, "\\!")
    .replace(/={2,}/g, (m) => "\\=".repeat(m.length))
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "\\&");
  out = out.replace(/^([#+=-])/, "\\$1").replace(/^(\d{1,9})([.)])/, "$1\\$2");
  return out;
}
