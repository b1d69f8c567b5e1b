/**
 * Email and domain normalisers (docs/attio-api.md section 4): the write parser stores and compares
 * normalised values, so uniqueness and filters see one form.
 */

/**
 * Deliberately strict (real Attio "strictly validates" emails, section 4): one @, a dot-atom
 * local part, and a hostname with at least two labels and an alphabetic TLD.
 */
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function isHostname(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split(".");
  if (labels.length < 2) return false;
  if (!labels.every((l) => HOST_LABEL.test(l))) return false;
  return /^[a-z]{2,}$/.test(labels[labels.length - 1]) || /^xn--[a-z0-9-]+$/.test(labels[labels.length - 1]);
}

/** Returns the normalised (trimmed, lower-cased) address, or null when invalid. */
export function normalizeEmail(raw: string): string | null {
  const s = raw.trim();
  const at = s.lastIndexOf("@");
  if (at <= 0 || s.indexOf("@") !== at) return null;
  const local = s.slice(0, at);
  const host = s.slice(at + 1).toLowerCase();
  if (local.length > 64 || !EMAIL_LOCAL.test(local) || !isHostname(host)) return null;
  return `${local.toLowerCase()}@${host}`;
}

/**
 * Scheme, userinfo, port, path, query and fragment are trimmed and the result lower-cased
 * (section 4: paths/queries trimmed by Attio; scheme trimming presumed). `www.` is kept: real
 * behaviour unverified, and keeping it makes a client that relies on stripping visible.
 */
export function normalizeDomain(raw: string): string | null {
  let d = raw.trim().toLowerCase();
  d = d.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  d = d.split(/[/?#]/)[0];
  d = d
    .replace(/^[^@]*@/, "")
    .replace(/:\d*$/, "")
    .replace(/\.$/, "");
  return isHostname(d) ? d : null;
}

/** "Simply the last two labels" (so `acme.co.uk` -> `co.uk`; real Attio uses the public suffix list). */
export function rootDomain(domain: string): string {
  return domain.split(".").slice(-2).join(".");
}

/** The read parts of an email value (section 4 "Read value objects"). */
export function emailParts(email: string): Record<string, string> {
  const at = email.lastIndexOf("@");
  const domain = email.slice(at + 1);
  return {
    email_address: email,
    email_domain: domain,
    email_root_domain: rootDomain(domain),
    email_local_specifier: email.slice(0, at),
  };
}
