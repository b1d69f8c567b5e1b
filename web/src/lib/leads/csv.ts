/**
 * CSV parsing through `csv-parse`, with what spreadsheets really export:
 *
 * - Records end at LF, CRLF or a lone CR (old Excel for Mac), mixed in one file.
 * - A quoted field may contain commas, line breaks and `""` (one `"`).
 * - A `"` inside an unquoted field is kept as text (`5" screen`): spreadsheets write such cells
 *   unquoted, and rejecting them would only frustrate the user. Text after a closing quote
 *   (`"a"b`) is still an error: it is a typo, not a spreadsheet's export.
 * - A leading UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped; blank lines stay records, so
 *   row numbers match the spreadsheet's.
 *
 * Each record carries its spreadsheet row number and the text line it starts on, so validation
 * errors can point the user at the right place.
 */
import { CsvError, type Options, parse } from "csv-parse/sync";

export interface CsvRecord {
  /** 1-based record number: what a spreadsheet shows as the row number. */
  row: number;
  /** 1-based line of the text file the record starts on. */
  line: number;
  fields: string[];
}

export class CsvParseError extends Error {
  name = "CsvParseError";
  constructor(
    message: string,
    readonly row: number,
    readonly line: number,
  ) {
    super(message);
  }
}

const OPTIONS: Options = {
  bom: true,
  info: true,
  relax_column_count: true,
  record_delimiter: ["\r\n", "\n", "\r"],
  skip_empty_lines: false,
};

type ParsedRecord = { record: string[]; info: { lines: number } };

export function parseCsv(input: string): CsvRecord[] {
  let parsed: ParsedRecord[];
  try {
    parsed = parseTracked(input, OPTIONS);
  } catch (err) {
    // A quote inside an unquoted cell is the one strictness spreadsheets break: read it as text.
    if (!(err instanceof CsvError) || err.code !== "INVALID_OPENING_QUOTE") throw err;
    parsed = parseTracked(input, { ...OPTIONS, relax_quotes: true });
  }
  // info.lines is the line a record ends on; the next record starts on the line after it.
  let nextLine = 1;
  return parsed.map(({ record, info }, i) => {
    const line = nextLine;
    nextLine = info.lines + 1;
    return { row: i + 1, line, fields: record };
  });
}

/** Parses, turning csv-parse's errors into CsvParseError with the line the failing record starts on. */
function parseTracked(input: string, options: Options): ParsedRecord[] {
  let lastRecordEnd = 0;
  try {
    return parse(input, {
      ...options,
      on_record: (record, context) => {
        lastRecordEnd = context.lines;
        return record;
      },
    }) as unknown as ParsedRecord[];
  } catch (err) {
    throw toParseError(err, lastRecordEnd + 1);
  }
}

function toParseError(err: unknown, recordLine: number): unknown {
  if (!(err instanceof CsvError) || err.code === "INVALID_OPENING_QUOTE") return err;
  const { code, lines, records } = err as CsvError & { lines: number; records: number };
  const row = records + 1;
  if (code === "CSV_QUOTE_NOT_CLOSED")
    // csv-parse names the end of the text; the user needs the record the open quote is in.
    return new CsvParseError(`A quoted field that starts on line ${recordLine} is never closed (a missing \`"\`).`, row, recordLine);
  if (code === "CSV_INVALID_CLOSING_QUOTE")
    return new CsvParseError(
      `Unexpected text after a closing quote on line ${lines}: write a quote inside a quoted field as \`""\`.`,
      row,
      lines,
    );
  return new CsvParseError(`Line ${lines}: ${err.message}`, row, lines);
}

/** True for a record with no content at all (an empty line, or only empty cells). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === "");
}
