import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NOTE_MAX_CHARS, buildSyncNote, syncMarker } from "../../web/src/lib/note/build-note";
import { FIXTURES, emptyRelationsLead, fullLead, longDraftLead, markdownHostileLead, oversizedLead } from "./note-fixtures";

// Goldens pin the exact markdown Attio receives; regenerate with UPDATE_GOLDEN=1 and review the diff.
const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
const SYNCED_AT = new Date("2026-03-14T09:26:53.589Z");
const MARKER = syncMarker("lead-42", "0f8fad5b-d9cb-469f-a165-70867728950e");
// A fixed key so the developer's real ATTIO_API_KEY never changes (or leaks into) the goldens.
const FAKE_ATTIO_KEY = "attio_test_4f1c2e9b7a6d5e3f";

function expectGolden(name: string, markdown: string): void {
  const file = `${GOLDEN_DIR}${name}.md`;
  // Files end with a newline like any text file; the note itself does not.
  const contents = `${markdown}\n`;
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, contents);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`missing golden ${file}; run with UPDATE_GOLDEN=1`);
  expect(contents).toBe(fs.readFileSync(file, "utf8"));
}

describe("buildSyncNote", () => {
  beforeAll(() => {
    vi.stubEnv("ATTIO_API_KEY", FAKE_ATTIO_KEY);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`matches the golden note: ${name}`, () => {
      expectGolden(name, buildSyncNote(make(), { syncedAt: SYNCED_AT, marker: MARKER }).markdown);
    });
  }

  it("matches the golden note: a lead whose fields exceed the note bound", () => {
    // A small bound keeps the golden readable; the default bound is checked separately below.
    expectGolden("oversized", buildSyncNote(oversizedLead(), { syncedAt: SYNCED_AT, marker: MARKER, maxChars: 12_000 }).markdown);
  });

  it("formats the title as plain text with the UTC minute", () => {
    const { title } = buildSyncNote(fullLead(), { syncedAt: SYNCED_AT });
    expect(title).toBe("Sync snapshot 2026-03-14 09:26 UTC");
    expect(title).toMatch(/^Sync snapshot \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  });

  it("never writes an image, and only links http(s) URLs", () => {
    for (const make of [...Object.values(FIXTURES), oversizedLead]) {
      const { markdown } = buildSyncNote(make(), { syncedAt: SYNCED_AT, marker: MARKER });
      expect(markdown).not.toContain("![");
      for (const m of markdown.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^https?:\/\//);
      expect(markdown).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
      // Nothing Attio would drop or mis-render: no code fences, no html tags, no deep headings.
      expect(markdown).not.toMatch(/^```/m);
      expect(markdown).not.toMatch(/(^|[^\\])<[a-z/]/i);
      expect(markdown).not.toMatch(/^#{4,}/m);
    }
  });

  it("keeps hostile text from creating structure", () => {
    const { markdown } = buildSyncNote(markdownHostileLead(), { syncedAt: SYNCED_AT, marker: MARKER });
    const headings = markdown.split("\n").filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      "# \\# Robert'); DROP TABLE leads;-- \\*bold\\* \\_it\\_",
      "## ICP score",
      "## Source signal",
      "## Drafts (1)",
      "### Draft 1 of 1",
      "## Touchpoints (1)",
    ]);
    // Every line that starts a list is one we wrote ("- **Label:**", a reason, a touchpoint).
    for (const line of markdown.split("\n").filter((l) => /^\s*([-*+]|\d+[.)])\s/.test(l))) {
      expect(line).toMatch(/^- (\*\*[^*]|(?![-*+#>]|\d+[.)]))/);
    }
    expect(markdown).not.toMatch(/^\s{4,}\S/m);
    expect(markdown).toContain("- **LinkedIn:** javascript:alert(document.cookie)");
  });

  it("ends with the run marker, verbatim and unescaped", () => {
    const { markdown } = buildSyncNote(fullLead(), { syncedAt: SYNCED_AT, marker: MARKER });
    const lines = markdown.split("\n");
    expect(lines[lines.length - 1]).toBe(`_Sync ID: ${MARKER}_`);
    expect(MARKER).toBe("leadsync-sync:lead-42/0f8fad5b-d9cb-469f-a165-70867728950e");
    // Survives markdown -> plaintext: only ASCII characters that no markdown syntax uses.
    expect(MARKER).toMatch(/^[A-Za-z0-9.:/-]+$/);
    expect(syncMarker("lead 42_x", "run*1")).toBe("leadsync-sync:lead-42-x/run-1");
    // A free-text marker (the UI preview's placeholder) is escaped, not mangled.
    const preview = buildSyncNote(fullLead(), { syncedAt: SYNCED_AT, marker: "(added when the *sync* runs)\n# x" }).markdown;
    expect(preview.endsWith("_Sync ID: (added when the \\*sync\\* runs) # x_")).toBe(true);
  });

  it("is deterministic for the same input and syncedAt", () => {
    for (const make of Object.values(FIXTURES)) {
      const a = buildSyncNote(make(), { syncedAt: new Date(SYNCED_AT), marker: MARKER });
      const b = buildSyncNote(make(), { syncedAt: new Date(SYNCED_AT.getTime()), marker: MARKER });
      expect(b).toEqual(a);
    }
  });

  it("says so when relations are empty", () => {
    const { markdown } = buildSyncNote(emptyRelationsLead(), { syncedAt: SYNCED_AT });
    for (const text of [
      "No ICP score yet.",
      "No source signal recorded.",
      "No drafts yet.",
      "No touchpoints yet.",
      "- **Email:** *none*",
    ]) {
      expect(markdown).toContain(text);
    }
  });

  it("truncates a long draft with a visible count", () => {
    const { markdown } = buildSyncNote(longDraftLead(), { syncedAt: SYNCED_AT, marker: MARKER });
    expect(markdown).toContain("*… \\[truncated, 12,345 more characters\\]*");
  });

  it("stays within NOTE_MAX_CHARS, keeping the summary and the marker", () => {
    const lead = oversizedLead();
    lead.icpScore = { score: 50, reasons: Array.from({ length: 20_000 }, (_, i) => `reason ${i}`) };
    const { markdown } = buildSyncNote(lead, { syncedAt: SYNCED_AT, marker: MARKER });
    expect(markdown.length).toBeLessThanOrEqual(NOTE_MAX_CHARS);
    expect(markdown.startsWith("# Oversized NNN")).toBe(true);
    expect(markdown).toContain("- **Synced at:** 2026-03-14 09:26 UTC");
    expect(markdown).toMatch(
      /\*\*\\\[note truncated\\\]\*\* Left out to stay within 100,000 characters: .*30 drafts, 50 touchpoints\.\n\n_Sync ID: /,
    );
    expect(markdown.endsWith(`_Sync ID: ${MARKER}_`)).toBe(true);
  });

  it("keeps the summary and marker even when they alone exceed maxChars", () => {
    const { markdown } = buildSyncNote(fullLead(), { syncedAt: SYNCED_AT, marker: MARKER, maxChars: 50 });
    expect(markdown).toContain("# Ada Lovelace");
    expect(markdown).toContain("note truncated");
    expect(markdown.endsWith(`_Sync ID: ${MARKER}_`)).toBe(true);
  });

  it("redacts secrets from every user-supplied field", () => {
    const lead = fullLead();
    lead.role = `CTO ${FAKE_ATTIO_KEY}`;
    lead.sourceSignal!.excerpt = "curl -H 'Authorization: Bearer abc123def456ghi789' https://api.attio.com";
    lead.sourceSignal!.sourceUrl = "https://ada:hunter2secret@crm.northwind-analytics.io/export";
    lead.drafts[0].content = "my key is sk_live_51HxYzAbCdEfGhIjKlMn and the db password=Tr0ub4dor&3";
    lead.drafts[1].hypothesis = "custom value customsecretvalue-123 here";
    const { markdown } = buildSyncNote(lead, { syncedAt: SYNCED_AT, marker: MARKER, secrets: ["customsecretvalue-123"] });
    for (const secret of [
      FAKE_ATTIO_KEY,
      "abc123def456ghi789",
      "hunter2secret",
      "sk_live_51HxYzAbCdEfGhIjKlMn",
      "Tr0ub4dor",
      "customsecretvalue-123",
    ]) {
      expect(markdown).not.toContain(secret);
    }
    expect(markdown).toContain("\\[REDACTED\\]");
    expect(markdown).toContain("ada.lovelace@northwind-analytics.io");
  });
});
