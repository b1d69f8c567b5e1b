// Notes: one snapshot note per sync run, found again by its run-unique marker on a retry.
import { attioRequest, type HttpConfig } from "./http";
import { clean, invalidInput } from "./records";
import { noteListResponseSchema, noteResponseSchema } from "./schemas";

export const DEFAULT_NOTE_TITLE = "Sync snapshot";

/** GET /notes caps `limit` at 50. */
const NOTE_PAGE_SIZE = 50;
/** Bounds the marker scan (10,000 notes on one person) in case a server ignores `offset`. */
const MAX_NOTE_PAGES = 200;

export interface AddNoteOptions {
  /** Defaults to "Sync snapshot". */
  title?: string;
  /**
   * Idempotency key: if a note of this person already contains it, that note is returned instead
   * of creating another. Appended to the content when absent. Use plain text without Markdown
   * syntax so it survives both of Attio's renderings.
   */
  marker?: string;
  /** Backdates the note; ignored when invalid or in the future (Attio rejects those). */
  createdAt?: Date;
}

export async function addNoteToPerson(
  http: HttpConfig,
  personId: string,
  noteMarkdown: string,
  opts: AddNoteOptions = {},
): Promise<{ id: string }> {
  const parentId = clean(personId);
  if (!parentId) throw invalidInput("addNoteToPerson needs a person record id");
  const marker = clean(opts.marker);

  // A retried activity (timeout after Attio stored the note, worker crash) must not add a
  // second snapshot: look for the marker first. Two attempts running at the same time could
  // still both miss and both create; Temporal does not run one activity twice concurrently
  // except after a heartbeat/start-to-close timeout, which this accepts.
  if (marker) {
    const existing = await findNoteByMarker(http, parentId, marker);
    if (existing) return existing;
  }

  let content = typeof noteMarkdown === "string" ? noteMarkdown : "";
  if (marker && !content.includes(marker)) content = `${content}${content ? "\n\n" : ""}${marker}`;
  const data: Record<string, unknown> = {
    parent_object: "people",
    parent_record_id: parentId,
    title: clean(opts.title) ?? DEFAULT_NOTE_TITLE,
    format: "markdown",
    content,
  };
  const at = opts.createdAt;
  if (at instanceof Date && !Number.isNaN(at.getTime()) && at.getTime() <= Date.now() && at.getTime() >= 0) {
    data.created_at = at.toISOString();
  }
  const res = await attioRequest(http, { method: "POST", path: "/notes", body: { data }, schema: noteResponseSchema });
  return { id: res.data.id.note_id };
}

export async function findNoteByMarker(http: HttpConfig, personId: string, marker: string): Promise<{ id: string } | null> {
  const parentId = clean(personId);
  const needle = clean(marker);
  if (!parentId) throw invalidInput("findNoteByMarker needs a person record id");
  if (!needle) throw invalidInput("findNoteByMarker needs a non-empty marker"); // "" matches every note
  // Notes come back in an undocumented order, so every page is scanned; a page shorter than
  // the limit is the last one (the API returns no total or cursor).
  for (let page = 0; page < MAX_NOTE_PAGES; page++) {
    const res = await attioRequest(http, {
      method: "GET",
      path: "/notes",
      query: { parent_object: "people", parent_record_id: parentId, limit: NOTE_PAGE_SIZE, offset: page * NOTE_PAGE_SIZE },
      schema: noteListResponseSchema,
    });
    // Both renderings: Markdown escaping (e.g. "\_") can alter the marker in one of them.
    const hit = res.data.find((n) => n.content_markdown.includes(needle) || n.content_plaintext.includes(needle));
    if (hit) return { id: hit.id.note_id };
    if (res.data.length < NOTE_PAGE_SIZE) return null;
  }
  return null;
}
