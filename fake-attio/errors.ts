/**
 * Attio error bodies: `{status_code, type, code, message}` (docs/attio-api.md section 7), sometimes with
 * `path` or `validation_errors`. Handlers throw AttioError; the server turns it into the body.
 */

export interface ValidationIssue {
  code: string;
  path: (string | number)[];
  message: string;
  expected?: string;
  received?: string;
}

export class AttioError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { status_code: this.status, type: this.type, code: this.code, message: this.message, ...this.extra };
  }
}

const INVALID = "invalid_request_error";

export function validationError(message: string, issues?: ValidationIssue[]): AttioError {
  return new AttioError(400, INVALID, "validation_type", message, issues ? { validation_errors: issues } : {});
}

export function notFound(message: string): AttioError {
  return new AttioError(404, INVALID, "not_found", message);
}

export function objectNotFound(slug: string): AttioError {
  return notFound(`Object with slug/ID "${slug}" not found.`);
}

export function recordNotFound(id: string): AttioError {
  return notFound(`Record with ID "${id}" not found.`);
}

export function noteNotFound(id: string): AttioError {
  return notFound(`Note with ID "${id}" was not found.`);
}

/** Message modelled on the 2026 observed text (docs/attio-api.md section 7), plus the conflicting ids. */
export function uniquenessConflict(slug: string, recordIds: string[]): AttioError {
  return new AttioError(
    400,
    INVALID,
    "uniqueness_conflict",
    `A value provided for attribute with slug "${slug}" conflicts with one already in the system. ` +
      "This attribute has a uniqueness constraint. Please ensure all values for this attribute do not exist on another record. " +
      `Conflicting record IDs: ${recordIds.join(", ")}`,
  );
}

export function unknownFilterSlug(slug: string): AttioError {
  return new AttioError(400, INVALID, "unknown_filter_attribute_slug", `Unknown attribute slug: ${slug}.`, { path: [slug] });
}

export function filterError(message: string): AttioError {
  return new AttioError(400, INVALID, "filter_error", message);
}

export function valueNotFound(message: string): AttioError {
  return new AttioError(400, INVALID, "value_not_found", message);
}

export function invalidRequest(code: string, message: string): AttioError {
  return new AttioError(400, INVALID, code, message);
}
