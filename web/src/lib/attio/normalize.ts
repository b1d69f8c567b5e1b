/**
 * Pure normalisation of the identifiers we match Attio records on.
 *
 * Attio compares `domains` and `email_addresses` on normalised values, but `linkedin` and `name`
 * are plain text compared as stored strings. So every value is normalised the same way before it
 * is written and before it is queried; otherwise the second sync of a lead would not find the
 * record the first one created.
 */
import { parseHttpUrl } from "../http-url";

// Dot-atom local part (RFC 5322 without quoted strings or comments): Attio validates addresses
// strictly and answers a 400 for anything odd.
const EMAIL_LOCAL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** Trimmed, lowercased address (a leading `mailto:` dropped), or null when it is not an address.
 * Attio rejects malformed addresses with a 400 that no retry can fix, so junk is treated as
 * "no email" (the person is then matched by LinkedIn or name) rather than failing the sync. */
export function normalizeEmail(email: string | null | undefined): string | null {
  if (typeof email !== "string") return null;
  const e = email
    .trim()
    .replace(/^mailto:/i, "")
    .trim()
    .toLowerCase();
  const at = e.lastIndexOf("@");
  if (at <= 0 || e.indexOf("@") !== at) return null;
  const local = e.slice(0, at);
  if (local.length > 64 || !EMAIL_LOCAL_RE.test(local)) return null;
  // The host is kept as written (no `www.` stripping: that would change the address), it only
  // has to be a bare public hostname; "ada@acme.com/x" is junk, not an address at acme.com.
  const host = publicHostname(e.slice(at + 1).replace(/\.$/, ""));
  return host ? `${local}@${host}` : null;
}

const LABEL_RE = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD_RE = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A bare hostname as Attio stores it in `domains`: lowercase, no scheme, credentials, `www.`, port,
 * path, query, fragment or trailing dot; IDNs in punycode. Null for anything that is not a public
 * hostname (IP addresses, `localhost`, empty strings, spaces...).
 */
export function normalizeDomain(input: string | null | undefined): string | null {
  if (typeof input !== "string") return null;
  let s = input.trim().toLowerCase();
  if (!s) return null;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^\/\//, "");
  s = s.split(/[/?#\\]/, 1)[0] ?? "";
  if (s.includes("@")) s = s.slice(s.lastIndexOf("@") + 1);
  s = s.replace(/:\d*$/, "").replace(/\.+$/, "");
  const host = publicHostname(s);
  if (!host) return null;
  return host.startsWith("www.") && host.split(".").length > 2 ? host.slice(4) : host;
}

/** `s` as a lowercase ASCII hostname with a public-looking TLD (IDNs in punycode), or null. */
function publicHostname(s: string): string | null {
  if (!s || /[\s/?#@:\\]/.test(s)) return null;
  let host: string;
  try {
    // The WHATWG parser converts Unicode hostnames to punycode and rejects forbidden characters.
    host = new URL(`http://${s}`).hostname;
  } catch {
    return null;
  }
  const labels = host.split(".");
  if (labels.length < 2 || host.length > 253) return null;
  if (!labels.every((l) => LABEL_RE.test(l))) return null;
  if (!TLD_RE.test(labels[labels.length - 1]!)) return null; // also rules out IPv4 addresses
  return host;
}

/** The normalised domain of an email address, or null. */
export function domainFromEmail(email: string | null | undefined): string | null {
  const e = normalizeEmail(email);
  return e ? normalizeDomain(e.slice(e.lastIndexOf("@") + 1)) : null;
}

// Consumer mailbox providers: their domain says nothing about the person's company. Matching a
// company on one would merge every Gmail user's company into a single "gmail.com" record.
const FREE_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "aim.com",
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
  "tutanota.com",
  "tutanota.de",
  "tuta.io",
  "tuta.com",
  "web.de",
  "mail.ru",
  "bk.ru",
  "list.ru",
  "inbox.ru",
  "rambler.ru",
  "ya.ru",
  "qq.com",
  "foxmail.com",
  "163.com",
  "126.com",
  "yeah.net",
  "sina.com",
  "sina.cn",
  "sohu.com",
  "aliyun.com",
  "zoho.com",
  "zohomail.com",
  "fastmail.com",
  "fastmail.fm",
  "hey.com",
  "mail.com",
  "email.com",
  "inbox.com",
  "gmx.com",
  "gmx.net",
  "hushmail.com",
  "mailbox.org",
  "posteo.de",
  "posteo.net",
  "rocketmail.com",
  "ymail.com",
  "msn.com",
  "passport.com",
  "rediffmail.com",
  "naver.com",
  "hanmail.net",
  "daum.net",
  "t-online.de",
  "freenet.de",
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "sfr.fr",
  "laposte.net",
  "libero.it",
  "virgilio.it",
  "seznam.cz",
  "wp.pl",
  "o2.pl",
  "interia.pl",
  "onet.pl",
  "btinternet.com",
  "comcast.net",
  "verizon.net",
  "att.net",
  "sbcglobal.net",
  "bellsouth.net",
  "cox.net",
  "charter.net",
  "earthlink.net",
  "shaw.ca",
  "rogers.com",
  "sympatico.ca",
  "bigpond.com",
  "optusnet.com.au",
  "uol.com.br",
  "bol.com.br",
  "terra.com.br",
  "duck.com",
  "skiff.com",
  "yopmail.com",
  "mailinator.com",
  "guerrillamail.com",
]);

// Providers that run the same service under many country TLDs (yahoo.co.uk, hotmail.fr, gmx.de...).
const FREE_MAIL_FAMILY_RE =
  /^(?:yahoo|ymail|hotmail|outlook|live|msn|windowslive|gmx|yandex|aol)\.(?:(?:co|com|net|org|ne|or)\.)?[a-z]{2,3}$/;

/** True for consumer mailbox domains (and their subdomains), which never identify a company. */
export function isFreeMailDomain(domain: string | null | undefined): boolean {
  const d = normalizeDomain(domain);
  if (!d) return false;
  if (FREE_MAIL_FAMILY_RE.test(d)) return true;
  const labels = d.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join(".");
    if (FREE_MAIL_DOMAINS.has(suffix) || FREE_MAIL_FAMILY_RE.test(suffix)) return true;
  }
  return false;
}

/**
 * The domain to match a company on: the explicit domain if usable, else the domain of a work email.
 * Free-mail domains are never returned, even when given explicitly (someone typing "gmail.com" as
 * a company's website must not merge all Gmail users into one company).
 */
export function companyDomainFor(input: { domain?: string | null; email?: string | null }): string | null {
  const explicit = normalizeDomain(input.domain);
  if (explicit && !isFreeMailDomain(explicit)) return explicit;
  const fromEmail = domainFromEmail(input.email);
  if (fromEmail && !isFreeMailDomain(fromEmail)) return fromEmail;
  return null;
}

const LINKEDIN_KINDS = new Set(["in", "company"]);

/**
 * `https://www.linkedin.com/in/<slug>` (or `/company/<slug>`): https, `www.` host (country and
 * mobile subdomains folded), no query, fragment, trailing slash or sub-page (`/in/ada/details`).
 * The slug is lowercased too: LinkedIn vanity URLs are case-insensitive, and Attio compares
 * `linkedin` as plain text, so `/in/Ada` and `/in/ada` must store and query the same string.
 * Null for anything that is not a LinkedIn profile or company page (including `lnkd.in` short links,
 * which cannot be resolved offline).
 */
export function normalizeLinkedinUrl(url: string | null | undefined): string | null {
  if (typeof url !== "string") return null;
  let s = url.trim();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s.replace(/^\/\//, "")}`;
  const parsed = parseHttpUrl(s);
  if (!parsed) return null;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  if (host !== "linkedin.com" && !host.endsWith(".linkedin.com")) return null;
  const segments = parsed.pathname.split("/").filter(Boolean);
  const kind = segments[0]?.toLowerCase();
  const rawSlug = segments[1];
  if (!kind || !LINKEDIN_KINDS.has(kind) || !rawSlug) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(rawSlug);
  } catch {
    slug = rawSlug;
  }
  slug = slug.trim().toLowerCase();
  if (!slug) return null;
  return `https://www.linkedin.com/${kind}/${encodeURIComponent(slug)}`;
}

export interface PersonalName {
  first_name: string;
  last_name: string;
  full_name: string;
}

/**
 * Attio's personal-name object. Split on the last space ("Ada King Lovelace" -> "Ada King" +
 * "Lovelace"); one word is all first name; "Lovelace, Ada" is read as "Last, First" like Attio's
 * own string form. All three fields are always present because Attio rejects a name object
 * without `full_name`.
 */
export function splitPersonName(name: string | null | undefined): PersonalName {
  let full = typeof name === "string" ? name.trim().replace(/\s+/g, " ") : "";
  const comma = full.split(",");
  if (comma.length === 2 && comma[0]!.trim() && comma[1]!.trim()) {
    full = `${comma[1]!.trim()} ${comma[0]!.trim()}`;
  }
  const i = full.lastIndexOf(" ");
  if (i < 0) return { first_name: full, last_name: "", full_name: full };
  return { first_name: full.slice(0, i), last_name: full.slice(i + 1), full_name: full };
}

/**
 * Milliseconds to wait per a `Retry-After` header, at least 100. Attio sends an HTTP date
 * ("usually the next second"); delta-seconds are accepted too, defensively. A date in the past
 * yields the 100 ms floor. Null when the header is missing or unparsable, so the caller falls back
 * to its own backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | null {
  if (typeof header !== "string") return null;
  const h = header.trim();
  if (!h) return null;
  if (/^\d+(?:\.\d+)?$/.test(h)) return Math.max(100, Math.ceil(Number(h) * 1000));
  // Date.parse accepts odd inputs ("1", "foo 2"); require a time of day, present in every HTTP
  // date format (IMF-fixdate, RFC 850, asctime) and in ISO timestamps.
  if (!/\d{1,2}:\d{2}/.test(h)) return null;
  const at = Date.parse(h);
  if (Number.isNaN(at)) return null;
  return Math.max(100, Math.ceil(at - now));
}
