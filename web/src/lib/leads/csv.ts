/**
 * A small, dependency-free CSV parser (RFC 4180 plus what spreadsheets really export).
 *
 * - Fields are separated by commas; records end at LF, CRLF or a lone CR (old Excel for Mac).
 * - A field that starts with `"` is quoted: it may contain commas, line breaks and `""` (one `"`).
 * - A `"` inside an unquoted field is kept as text (`5" screen`): spreadsheets write such cells
 *   unquoted, and rejecting them would only frustrate the user.
 * - A leading UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped.
 * - One line break at the very end does not make an empty last record.
 *
 * Each record carries its spreadsheet row number (the n-th record is row n, as a spreadsheet
 * numbers it, even when a quoted cell spans several lines) and the text line it starts on, so
 * validation errors can point the user at the right place.
 */

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

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    // One record: read fields until a line break or the end of the text.
    for (;;) {
      let value = "";
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        i++;
        let closed = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          // Count lines inside quoted cells too, so later records report the right line.
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          value += text[i];
          i++;
        }
        if (!closed) {
          throw new CsvParseError(
            `A quoted field that starts on line ${openLine} is never closed (a missing \`"\`).`,
            records.length + 1,
            openLine,
          );
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR) {
          throw new CsvParseError(
            `Unexpected text after a closing quote on line ${line}: write a quote inside a quoted field as \`""\`.`,
            records.length + 1,
            line,
          );
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        value = text.slice(start, i);
      }
      fields.push(value);

      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // A line break ends the record (CRLF counts as one).
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    records.push({ row: records.length + 1, line: startLine, fields });
  }
  return records;
}

/** True for a record with no content at all (an empty line, or only empty cells). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === "");
}
