import { describe, expect, it } from "vitest";
import {
  companyDomainFor,
  domainFromEmail,
  isFreeMailDomain,
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  parseRetryAfter,
  splitPersonName,
} from "../../web/src/lib/attio/normalize";

/** One test per row: `fn(input)` is `expected` (toEqual for objects), under a describe named after `fn`. */
function mapsEach<I, O>(fn: (input: I) => O, rows: [I, O][], matcher: "toBe" | "toEqual" = "toBe"): void {
  describe(fn.name, () => {
    it.each(rows)("%j -> %j", (input, expected) => {
      expect(fn(input))[matcher](expected);
    });
  });
}

mapsEach(normalizeEmail, [
  ["ada@example.com", "ada@example.com"],
  ["  Ada.Lovelace@Example.COM ", "ada.lovelace@example.com"],
  ["mailto:ada@example.com", "ada@example.com"],
  ["ada+crm@sub.example.co.uk", "ada+crm@sub.example.co.uk"],
  ["ada@example.com.", "ada@example.com"],
  ["ada@www.example.com", "ada@www.example.com"],
  ["ada@münchen.de", "ada@xn--mnchen-3ya.de"],
  ["a..b@example.com", null],
  [".ada@example.com", null],
  ["ada@example.com/x", null],
  ["ada@@example.com", null],
  ["ada@127.0.0.1", null],
  ["", null],
  ["   ", null],
  ["ada", null],
  ["ada@", null],
  ["@example.com", null],
  ["ada@localhost", null],
  ["ada lovelace@example.com", null],
  ["Ada <ada@example.com>", null],
  [null, null],
  [undefined, null],
]);

mapsEach(normalizeDomain, [
  ["acme.com", "acme.com"],
  ["ACME.com", "acme.com"],
  ["https://www.acme.com/about?x=1#top", "acme.com"],
  ["http://acme.com:8080", "acme.com"],
  ["www.acme.com.", "acme.com"],
  ["www.com", "www.com"],
  ["//acme.com/path", "acme.com"],
  ["app.acme.co.uk", "app.acme.co.uk"],
  ["acme.com/careers", "acme.com"],
  ["user:pw@acme.com", "acme.com"],
  ["münchen.de", "xn--mnchen-3ya.de"],
  ["  acme.io  ", "acme.io"],
  ["", null],
  ["acme", null],
  ["localhost", null],
  ["127.0.0.1", null],
  ["not a domain", null],
  ["acme..com", null],
  ["-acme.com", null],
  ["https://", null],
  [null, null],
]);

mapsEach(domainFromEmail, [
  ["ada@acme.com", "acme.com"],
  ["Ada@Mail.Acme.COM", "mail.acme.com"],
  ["ada@www.acme.com", "acme.com"],
  ["not-an-email", null],
  [null, null],
]);

mapsEach(isFreeMailDomain, [
  ["gmail.com", true],
  ["GMAIL.COM", true],
  ["googlemail.com", true],
  ["yahoo.com", true],
  ["yahoo.co.uk", true],
  ["yahoo.fr", true],
  ["hotmail.com", true],
  ["hotmail.de", true],
  ["outlook.com", true],
  ["live.com", true],
  ["icloud.com", true],
  ["me.com", true],
  ["aol.com", true],
  ["proton.me", true],
  ["protonmail.com", true],
  ["gmx.de", true],
  ["gmx.net", true],
  ["web.de", true],
  ["yandex.ru", true],
  ["mail.ru", true],
  ["qq.com", true],
  ["163.com", true],
  ["zoho.com", true],
  ["fastmail.com", true],
  ["mail.yahoo.com", true],
  ["acme.com", false],
  ["gmail-consulting.com", false],
  ["mygmail.com", false],
  ["yahoo.acme.com", false],
  ["live.acme.com", false],
  ["", false],
  [null, false],
]);

mapsEach(companyDomainFor, [
  [{ domain: "https://www.acme.com/" }, "acme.com"],
  [{ domain: "acme.com", email: "ada@other.com" }, "acme.com"],
  [{ email: "ada@acme.com" }, "acme.com"],
  [{ domain: null, email: "Ada@ACME.com" }, "acme.com"],
  [{ email: "ada@gmail.com" }, null],
  [{ email: "ada@yahoo.co.uk" }, null],
  [{ domain: "gmail.com", email: "ada@gmail.com" }, null],
  [{ domain: "gmail.com", email: "ada@acme.com" }, "acme.com"],
  [{ domain: "junk", email: "ada@acme.com" }, "acme.com"],
  [{ domain: "junk" }, null],
  [{}, null],
]);

mapsEach(normalizeLinkedinUrl, [
  ["https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"],
  ["http://linkedin.com/in/ada/", "https://www.linkedin.com/in/ada"],
  ["linkedin.com/in/ada", "https://www.linkedin.com/in/ada"],
  ["www.linkedin.com/in/ada?trk=public_profile#about", "https://www.linkedin.com/in/ada"],
  ["HTTPS://WWW.LINKEDIN.COM/in/Ada-Lovelace-123/", "https://www.linkedin.com/in/ada-lovelace-123"],
  ["https://uk.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"],
  ["https://m.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"],
  ["https://www.linkedin.com/in/ada/details/experience/", "https://www.linkedin.com/in/ada"],
  ["https://www.linkedin.com/company/acme/about/", "https://www.linkedin.com/company/acme"],
  ["https://www.linkedin.com/in/jos%C3%A9", "https://www.linkedin.com/in/jos%C3%A9"],
  ["https://www.linkedin.com/in/José", "https://www.linkedin.com/in/jos%C3%A9"],
  ["  https://www.linkedin.com/in/ada  ", "https://www.linkedin.com/in/ada"],
  ["https://www.linkedin.com/feed/", null],
  ["https://www.linkedin.com/in/", null],
  ["https://www.linkedin.com/", null],
  ["https://lnkd.in/abc", null],
  ["https://notlinkedin.com/in/ada", null],
  ["https://linkedin.com.evil.io/in/ada", null],
  ["ftp://linkedin.com/in/ada", null],
  ["ada", null],
  ["", null],
  [null, null],
]);

mapsEach(
  splitPersonName,
  [
    ["Ada Lovelace", { first_name: "Ada", last_name: "Lovelace", full_name: "Ada Lovelace" }],
    ["Ada King Lovelace", { first_name: "Ada King", last_name: "Lovelace", full_name: "Ada King Lovelace" }],
    ["  Ada   Lovelace  ", { first_name: "Ada", last_name: "Lovelace", full_name: "Ada Lovelace" }],
    ["Ada", { first_name: "Ada", last_name: "", full_name: "Ada" }],
    ["Lovelace, Ada", { first_name: "Ada", last_name: "Lovelace", full_name: "Ada Lovelace" }],
    ["", { first_name: "", last_name: "", full_name: "" }],
    [null, { first_name: "", last_name: "", full_name: "" }],
  ],
  "toEqual",
);

describe("parseRetryAfter", () => {
  const now = Date.parse("2023-05-23T14:42:00.000Z");
  it.each([
    ["an HTTP date one second ahead", "Tue, 23 May 2023 14:42:01 GMT", 1000],
    ["an HTTP date 30 s ahead", "Tue, 23 May 2023 14:42:30 GMT", 30_000],
    ["an RFC 850 date", "Tuesday, 23-May-23 14:42:05 GMT", 5000],
    ["an asctime date", "Tue May 23 14:42:02 2023", 2000 + new Date(now).getTimezoneOffset() * 60_000],
    ["an HTTP date in the past (floor)", "Tue, 23 May 2023 14:41:00 GMT", 100],
    ["the current second (floor)", "Tue, 23 May 2023 14:42:00 GMT", 100],
    ["delta-seconds", "2", 2000],
    ["fractional delta-seconds", "1.5", 1500],
    ["zero seconds (floor)", "0", 100],
    ["garbage", "soon", null],
    ["a bare number with junk", "12abc", null],
    ["negative seconds", "-5", null],
    ["empty", "", null],
    ["missing", null, null],
  ])("%s", (_label, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it("defaults `now` to the current time", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = parseRetryAfter(inTenSeconds);
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});
