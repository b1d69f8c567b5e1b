import { describe, expect, it } from "vitest";
import { CsvParseError, isBlankRecord, parseCsv } from "../../web/src/lib/leads/csv";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe("parseCsv", () => {
  it("splits plain fields on commas and records on LF", () => {
    expect(fields("name,email\nAda,ada@acme.io\n")).toEqual([
      ["name", "email"],
      ["Ada", "ada@acme.io"],
    ]);
  });

  it("treats CRLF and a lone CR as record ends", () => {
    expect(fields("a,b\r\nc,d\re,f")).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
  });

  it("drops a leading UTF-8 byte-order mark", () => {
    expect(fields("\uFEFFname\nAda")).toEqual([["name"], ["Ada"]]);
  });

  it("keeps commas and line breaks inside quoted fields", () => {
    expect(fields('name,note\n"Lovelace, Ada","line 1\r\nline 2"\n')).toEqual([
      ["name", "note"],
      ["Lovelace, Ada", "line 1\r\nline 2"],
    ]);
  });

  it("reads a doubled quote inside a quoted field as one quote", () => {
    expect(fields('"She said ""hi""",x')).toEqual([['She said "hi"', "x"]]);
  });

  it("keeps a quote inside an unquoted field as text", () => {
    expect(fields('5" screen,b')).toEqual([['5" screen', "b"]]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(fields(",a,,\n")).toEqual([["", "a", "", ""]]);
    expect(fields('"",x')).toEqual([["", "x"]]);
  });

  it("does not make a record of the final line break", () => {
    expect(parseCsv("a\n")).toHaveLength(1);
    expect(parseCsv("")).toEqual([]);
  });

  it("numbers records as spreadsheet rows and remembers the line each starts on", () => {
    const records = parseCsv('h\n"multi\nline"\nlast\n');
    expect(records.map((r) => [r.row, r.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
    ]);
  });

  it("keeps blank lines as blank records, so row numbers match a spreadsheet", () => {
    const records = parseCsv("h\n\nAda\n");
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(isBlankRecord(records[1]!)).toBe(true);
    expect(isBlankRecord(records[2]!)).toBe(false);
  });

  it("rejects an unterminated quoted field, naming the line it starts on", () => {
    const err = (() => {
      try {
        parseCsv('a\nb\n"open,\nx');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CsvParseError);
    expect((err as CsvParseError).line).toBe(3);
    expect((err as CsvParseError).row).toBe(3);
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('"a"b,c')).toThrow(CsvParseError);
  });
});
