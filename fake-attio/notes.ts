/**
 * Notes (docs/attio-api.md section 5): the stored form, validation of a create body and the API
 * read form. The Store keeps the notes beside the records they hang on.
 */
import { validationError, type ValidationIssue } from "./errors";
import type { ObjectSlug } from "./schema";
import { isPlainObject, isUuid, toAttioTimestamp } from "./util";
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
