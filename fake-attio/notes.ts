/**
 * Notes (docs/attio-api.md section 5): the stored form, validation of a create body, the API read
 * form and the notes' CRUD (NoteStore). The Store owns one NoteStore beside its records.
 */
import { markdownToPlaintext } from "./markdown";
import { noteNotFound, notFound, recordNotFound, validationError, type ValidationIssue } from "./errors";
import type { ObjectDef, ObjectSlug } from "./schema";
import { isPlainObject, isUuid, nowTimestamp, toAttioTimestamp, uuid } from "./util";
import type { Actor } from "./values";

export interface StoredNote {
  id: string;
  parentObject: ObjectSlug;
  parentRecordId: string;
  title: string;
  contentMarkdown: string;
  contentPlaintext: string;
  meetingId: string | null;
  createdAt: string;
  createdBy: Actor;
  seq: number;
}

export interface NotesListParams {
  limit: number;
  offset: number;
  parentObject?: string;
  parentRecordId?: string;
}

/** Validates `POST /v2/notes`'s body; throws AttioError 400 listing every bad field. */
export function parseNoteBody(body: unknown): { data: Record<string, unknown>; createdAt: string | undefined } {
  const data = isPlainObject(body) ? body.data : undefined;
  if (!isPlainObject(data)) {
    throw validationError("Body payload validation error.", [
      { code: "invalid_type", path: ["data"], message: "Required", expected: "object", received: typeof data },
    ]);
  }
  const issues: ValidationIssue[] = [];
  for (const key of ["parent_object", "parent_record_id", "title", "format", "content"]) {
    if (typeof data[key] !== "string") {
      issues.push({
        code: "invalid_type",
        path: ["data", key],
        message: data[key] === undefined ? "Required" : "Expected string",
        expected: "string",
        received: data[key] === null ? "null" : typeof data[key],
      });
    }
  }
  if (typeof data.format === "string" && data.format !== "plaintext" && data.format !== "markdown") {
    issues.push({ code: "invalid_enum_value", path: ["data", "format"], message: "Expected 'plaintext' | 'markdown'" });
  }
  if (typeof data.parent_record_id === "string" && !isUuid(data.parent_record_id)) {
    issues.push({ code: "invalid_string", path: ["data", "parent_record_id"], message: "Invalid uuid" });
  }
  let createdAt: string | undefined;
  if (data.created_at !== undefined) {
    const t = typeof data.created_at === "string" ? Date.parse(data.created_at) : NaN;
    if (Number.isNaN(t)) issues.push({ code: "invalid_string", path: ["data", "created_at"], message: "Invalid timestamp" });
    // "dates before 1970 or in the future are not allowed" (spec); 1 s of slack for clock skew.
    else if (t < 0 || t > Date.now() + 1000) {
      issues.push({ code: "invalid_date", path: ["data", "created_at"], message: "created_at must be between 1970 and now" });
    } else createdAt = toAttioTimestamp(new Date(t));
  }
  if (data.meeting_id !== undefined && data.meeting_id !== null && !isUuid(data.meeting_id)) {
    issues.push({ code: "invalid_string", path: ["data", "meeting_id"], message: "Invalid uuid" });
  }
  if (issues.length) {
    throw validationError(`Body payload validation error: ${issues.map((i) => i.path.join(".")).join(", ")}.`, issues);
  }
  return { data, createdAt };
}

export function noteToApi(n: StoredNote, workspaceId: string): Record<string, unknown> {
  return {
    id: { workspace_id: workspaceId, note_id: n.id },
    parent_object: n.parentObject,
    parent_record_id: n.parentRecordId,
    title: n.title,
    meeting_id: n.meetingId,
    content_plaintext: n.contentPlaintext,
    content_markdown: n.contentMarkdown,
    tags: [],
    created_by_actor: { type: n.createdBy.type, id: n.createdBy.id },
    created_at: n.createdAt,
  };
}

/** What the notes need from the records they hang on. */
export interface NoteParents {
  object(slugOrId: string): ObjectDef;
  recordExists(object: ObjectSlug, id: string): boolean;
  nextSeq(): number;
}

export class NoteStore {
  private readonly notes = new Map<string, StoredNote>();

  constructor(
    private readonly workspaceId: string,
    private readonly parents: NoteParents,
  ) {}

  clear(): void {
    this.notes.clear();
  }

  create(body: unknown, actor: Actor): StoredNote {
    const { data, createdAt } = parseNoteBody(body);
    const parent = this.parents.object(data.parent_object as string);
    const parentRecordId = data.parent_record_id as string;
    // Unknown parent record: real error unverified (section 5); the fake answers 404 like a record GET.
    if (!this.parents.recordExists(parent.slug, parentRecordId)) throw recordNotFound(parentRecordId);
    if (typeof data.meeting_id === "string") {
      // The fake has no meetings, so any meeting id is unknown ("the meeting must exist", spec).
      throw notFound(`Meeting with ID "${data.meeting_id}" not found.`);
    }
    const content = data.content as string;
    const note: StoredNote = {
      id: uuid(),
      parentObject: parent.slug,
      parentRecordId,
      title: data.title as string,
      contentMarkdown: content,
      contentPlaintext: data.format === "markdown" ? markdownToPlaintext(content) : content,
      meetingId: null,
      createdAt: createdAt ?? nowTimestamp(),
      createdBy: actor,
      seq: this.parents.nextSeq(),
    };
    this.notes.set(note.id, note);
    return note;
  }

  /**
   * Oldest first by created_at, then creation sequence: a stable order chosen by the fake
   * (Attio's order is undocumented/unverified). Filters combine with AND; either may be given alone.
   */
  list(p: NotesListParams): StoredNote[] {
    let parentSlug: ObjectSlug | undefined;
    if (p.parentObject !== undefined) parentSlug = this.parents.object(p.parentObject).slug;
    return [...this.notes.values()]
      .filter(
        (n) =>
          (parentSlug === undefined || n.parentObject === parentSlug) &&
          (p.parentRecordId === undefined || n.parentRecordId === p.parentRecordId),
      )
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.seq - b.seq))
      .slice(p.offset, p.offset + p.limit);
  }

  all(): StoredNote[] {
    return [...this.notes.values()].sort((a, b) => a.seq - b.seq);
  }

  get(id: string): StoredNote {
    const n = this.notes.get(id);
    if (!n) throw noteNotFound(id);
    return n;
  }

  delete(id: string): void {
    this.get(id);
    this.notes.delete(id);
  }

  /** A deleted record's notes go with it (real cascade unverified). */
  deleteOf(parentRecordId: string): void {
    for (const n of [...this.notes.values()]) if (n.parentRecordId === parentRecordId) this.notes.delete(n.id);
  }

  toApi(n: StoredNote): Record<string, unknown> {
    return noteToApi(n, this.workspaceId);
  }
}
