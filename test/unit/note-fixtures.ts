/** Representative leads for the note builder's tests: their notes are pinned by the goldens in test/golden. */
import { DRAFT_MAX_CHARS } from "../../web/src/lib/note/build-note";
import type { LeadSnapshot } from "../../web/src/lib/note/snapshot";
import { NORTHWIND_ADA, nameOnlyLead } from "../../prisma/lead-fixtures";

export function fullLead(): LeadSnapshot {
  return {
    id: 42,
    ...NORTHWIND_ADA,
    email: "ada.lovelace@northwind-analytics.io",
    linkedinUrl: "https://www.linkedin.com/in/ada-lovelace-revops",
    icpScore: {
      score: 87,
      reasons: ["Series B, 120 employees", "Hiring 4 SDRs this quarter", "Uses HubSpot; evaluating Attio"],
    },
    sourceSignal: {
      excerpt:
        "We're doubling the SDR team this quarter and our CRM hygiene is already slipping.\nAnyone have a playbook for keeping enrichment clean at scale?",
      sourceUrl: "https://www.linkedin.com/posts/ada-lovelace-revops_sdr-crm-activity-7160000000000000000",
      capturedAt: "2026-03-10T14:05:00.000Z",
      angle: "CRM hygiene during SDR ramp",
    },
    drafts: [
      {
        angle: "CRM hygiene during SDR ramp",
        variantKey: "A",
        hypothesis: "A VP RevOps scaling SDRs feels data-quality pain first",
        content:
          "Hi Ada,\n\nSaw your post about doubling the SDR team. The first thing that usually breaks is the CRM: duplicate companies, stale titles.\n\nWorth a 15-minute look at how Northwind could keep it clean automatically?\n\nBest,\nSam",
      },
      {
        angle: "Peer proof",
        variantKey: "B",
        hypothesis: "Social proof from a similar-stage company lands better",
        content: "Hi Ada, teams like Contoso cut duplicate records by 80% in a month. Happy to share how.",
      },
    ],
    touchpoints: [
      { channel: "linkedin", status: "sent", sentAt: "2026-03-11T08:00:00.000Z" },
      { channel: "email", status: "replied", sentAt: "2026-03-12T16:45:30.000Z" },
      { channel: "call", status: "draft", sentAt: null },
    ],
  };
}

export function emptyRelationsLead(): LeadSnapshot {
  return {
    id: 7,
    ...nameOnlyLead("Grace Hopper"),
    icpScore: null,
    sourceSignal: null,
    drafts: [],
    touchpoints: [],
  };
}

export function unicodeLead(): LeadSnapshot {
  return {
    id: 1001,
    name: "Zoë Łukasz-李雷 🚀",
    role: "Directrice générale · 首席执行官",
    companyName: "Smørrebrød Ægir AB",
    companyDomain: "smorrebrod-aegir.se",
    email: "zoe@smorrebrod-aegir.se",
    linkedinUrl: "https://www.linkedin.com/in/zo%C3%AB-%C5%82ukasz",
    icpScore: { score: 64, reasons: ["Expanding to 日本 🇯🇵", "Łódź office opening"] },
    sourceSignal: {
      excerpt: "Nous recrutons 🎉 — 新的销售团队 in Kraków & Zürich 👩🏽‍💻",
      sourceUrl: "https://example.org/news/zürich-expansion",
      capturedAt: "2026-02-01T00:00:00.000Z",
      angle: "Expansion 🌍",
    },
    drafts: [
      {
        angle: "Localisation",
        variantKey: "FR",
        hypothesis: "Écrire en français",
        content: "Bonjour Zoë,\n\nFélicitations pour Zürich ! 🎉",
      },
    ],
    touchpoints: [{ channel: "email", status: "bounced", sentAt: "2026-02-02T07:07:07.000Z" }],
  };
}

export function markdownHostileLead(): LeadSnapshot {
  return {
    id: 13,
    name: "# Robert'); DROP TABLE leads;-- *bold* _it_",
    role: "- not a list item\n## not a heading",
    companyName: "[Evil Corp](javascript:alert(1))",
    companyDomain: "evil.example",
    email: "<script>alert('x')</script>@evil.example",
    linkedinUrl: "javascript:alert(document.cookie)",
    icpScore: { score: 12, reasons: ["1. numbered?", "> quoted", "| a | b |", "==highlight== ~~strike~~", "&lt;entity&gt;"] },
    sourceSignal: {
      excerpt: [
        "# Heading in an excerpt",
        "- list item",
        "* star item",
        "+ plus item",
        "1. ordered",
        "> blockquote",
        "    indented code block",
        "```js",
        "alert(1)",
        "```",
        "![tracking pixel](https://evil.example/pixel.png)",
        "<img src=x onerror=alert(1)>",
        "| col | col |",
        "|-----|-----|",
        "Setext heading",
        "===",
        "[click me](javascript:alert(1)) and <https://evil.example>",
        "trailing backslash \\",
      ].join("\n"),
      sourceUrl: "https://evil.example/path_(with)_parens?q=[x]&y=<z>",
      capturedAt: "2026-01-05T12:34:56.000Z",
      angle: "`code` **bold**",
    },
    drafts: [
      {
        angle: "### fake heading",
        variantKey: "A|B",
        hypothesis: "line one\nline two\r\n# line three",
        content: "---\nHi <b>there</b>,\n\n***\n\n_____\n\n2) second\n\n\\*escaped already\\*",
      },
    ],
    touchpoints: [{ channel: "**call**", status: "[replied](https://evil.example)", sentAt: null }],
  };
}

/** Deterministic prose, longer than DRAFT_MAX_CHARS. */
function longText(chars: number): string {
  const sentences = [
    "Our team noticed that your revenue operations group is growing quickly.",
    "Most companies at this stage find that enrichment drifts within weeks.",
    "We help keep every person and company record accurate without manual work.",
    "Would a short call next week be useful?",
  ];
  let out = "";
  for (let i = 0; out.length < chars; i++) {
    out += sentences[i % sentences.length] + ((i + 1) % 6 === 0 ? "\n\n" : " ");
  }
  return out.slice(0, chars);
}

export function longDraftLead(): LeadSnapshot {
  return {
    ...emptyRelationsLead(),
    id: 99,
    name: "Long Draft Lead",
    drafts: [{ angle: "Sequence", variantKey: "long", hypothesis: "A full 5-step sequence", content: longText(DRAFT_MAX_CHARS + 12_345) }],
  };
}

export function oversizedLead(): LeadSnapshot {
  return {
    ...fullLead(),
    id: 500,
    name: `Oversized ${"N".repeat(3_000)}`,
    drafts: Array.from({ length: 30 }, (_, i) => ({
      angle: `Angle ${i + 1}`,
      variantKey: `V${i + 1}`,
      hypothesis: `Hypothesis ${i + 1}`,
      content: longText(6_000),
    })),
    touchpoints: Array.from({ length: 50 }, (_, i) => ({
      channel: "email",
      status: "sent",
      sentAt: `2026-01-${String((i % 28) + 1).padStart(2, "0")}T10:00:00.000Z`,
    })),
  };
}

/** The leads with a golden note each (test/golden/<name>.md). */
export const FIXTURES: Record<string, () => LeadSnapshot> = {
  "full-lead": fullLead,
  "empty-relations": emptyRelationsLead,
  unicode: unicodeLead,
  "markdown-hostile": markdownHostileLead,
  "long-draft": longDraftLead,
};
