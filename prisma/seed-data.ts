import type { Prisma, PrismaClient } from "../web/src/generated/prisma/client";
import type { LeadFixture } from "./lead-fixtures";
import { leadIdentity } from "../web/src/lib/leads/lead-identity";

/**
 * The hand-written demo leads for local development and demos (generated leads for benchmarks:
 * generated-leads.ts).
 *
 * Domains: the Attio client treats a lead's company domain (and the domain of a work email) as
 * the company's identity, and Attio collapses subdomains to their root domain. So every company
 * gets its own fictitious root domain (not `*.example.com`, which would merge them all into one
 * company). These records only ever reach the fake Attio server unless someone points the app at
 * a real workspace on purpose.
 *
 * Over 300 lines: most of it is the hand-written demo leads (data).
 */

// ---------------------------------------------------------------------------------------------
// Hand-written demo leads

/** A demo lead: the identity every fixture uses, plus its evidence. */
interface DemoLead extends LeadFixture {
  name: string;
  createdAt: string;
  icp?: { score: number; reasons: string[] };
  signal?: { excerpt: string; sourceUrl: string; capturedAt: string; angle?: string };
  drafts?: { angle: string; variantKey: string; hypothesis: string; content: string }[];
  touchpoints?: { channel: "email" | "linkedin" | "call"; status: "draft" | "sent" | "replied" | "bounced"; sentAt?: string }[];
}

/**
 * A five-step outbound sequence, written out in full: the "long draft" case (> 5,000 characters)
 * that exercises the note's per-draft truncation.
 */
function longSequence(first: string, company: string, trigger: string): string {
  return [
    `Step 1 (day 0): opening email`,
    ``,
    `Subject: ${trigger} at ${company}`,
    ``,
    `Hi ${first},`,
    ``,
    `I noticed ${trigger.toLowerCase()} at ${company}, and it reminded me of a pattern we see again and again with revenue teams in the same position. When a team grows quickly, the CRM quietly becomes the bottleneck: new reps create duplicate companies, job titles go stale within a quarter, and the dashboards that leadership relies on start to drift away from what is actually happening in the pipeline. Nobody decides to let it happen; it is simply what happens when data entry is everyone's second job.`,
    ``,
    `We built our product for exactly this moment. It watches the signals your team already produces (emails, calendar invites, LinkedIn activity, form fills) and keeps every person and company record accurate without anyone having to remember to update it. Teams like yours usually see duplicate records fall by more than half in the first month.`,
    ``,
    `Would it be worth fifteen minutes next week to see whether this fits how ${company} works today?`,
    ``,
    `Best,`,
    `Sam`,
    ``,
    `Step 2 (day 3): LinkedIn connection note`,
    ``,
    `Hi ${first}, I sent you a short note about keeping CRM data clean while ${company} scales. No pressure at all; I mostly wanted to connect because I follow what your team shares about building a modern go-to-market function, and I think you would enjoy the benchmark report we are publishing next month. Happy to send it over when it is out.`,
    ``,
    `Step 3 (day 7): follow-up email with a customer story`,
    ``,
    `Subject: How a team like ${company} cleaned up 40,000 records`,
    ``,
    `Hi ${first},`,
    ``,
    `A quick story that might be relevant. Last year a logistics company with a sales team about your size came to us after their third attempt at a manual CRM clean-up. Each attempt took two analysts roughly six weeks, and each time the data was back to its old state within a couple of months, because the underlying habits had not changed.`,
    ``,
    `Instead of another clean-up project, they connected our enrichment pipeline to their CRM and let it run. Within thirty days, 40,000 records had been merged, corrected or enriched; within ninety days, their forecast accuracy had improved enough that the CFO stopped asking for a separate spreadsheet before every board meeting. The part they liked most was that reps did not have to change anything about how they worked.`,
    ``,
    `If that sounds like a problem worth solving at ${company}, I would be glad to walk you through how they set it up. It takes about twenty minutes and I can tailor it to your stack.`,
    ``,
    `Best,`,
    `Sam`,
    ``,
    `Step 4 (day 12): call script`,
    ``,
    `Opening: "Hi ${first}, this is Sam. I have written to you a couple of times about CRM data quality; do you have two minutes, or is this a bad time?"`,
    ``,
    `If yes: ask how the team currently keeps company and contact data up to date, who owns it, and what happens when a rep leaves. Listen for duplicate accounts, stale titles, and manual imports from spreadsheets. Mention the logistics customer story only if they describe a past clean-up project. Close by proposing a short screen-share with their operations lead.`,
    ``,
    `If no: offer to send a two-paragraph summary by email and ask for the best time to call back. Do not pitch on the first call if they sound busy; the goal is permission for a second conversation.`,
    ``,
    `Step 5 (day 20): break-up email`,
    ``,
    `Subject: Closing the loop`,
    ``,
    `Hi ${first},`,
    ``,
    `I have not heard back, which usually means the timing is wrong rather than the problem, so this is my last note for now. If CRM hygiene becomes a priority at ${company} later this year (it often does right after a hiring push or a new board reporting requirement), just reply to this email and I will pick the conversation up from where we left it.`,
    ``,
    `In the meantime, here is the short checklist we give every new customer: pick one owner for company data, decide which system is the source of truth for job titles, and stop importing spreadsheets without de-duplicating them first. Even without us, those three habits go a long way.`,
    ``,
    `All the best to you and the team,`,
    `Sam`,
    ``,
    `Step 6 (only if they reply): meeting recap`,
    ``,
    `Subject: Recap and next steps for ${company}`,
    ``,
    `Hi ${first},`,
    ``,
    `Thank you for the time today. To make sure I understood correctly: your team currently spends several days each month reconciling account data before the pipeline review, the same companies appear under two or three spellings depending on which rep created them, and nobody has clear ownership of contact data once a deal closes. You would like a solution that works with the CRM you already have rather than replacing it, and you need something that your operations team can run without a dedicated engineer.`,
    ``,
    `As agreed, the next step is a thirty-minute working session with your operations lead, where we connect a read-only copy of your CRM and show you, with your own data, how many duplicates and stale records we find. There is no cost and no commitment; if the numbers are not compelling, we will tell you so.`,
    ``,
    `Notes for the rep: keep the recap short if the prospect was brief on the call, attach the one-page security overview only if they asked about data handling, and never promise an integration we have not built. Log the call outcome in the CRM before sending this email so the sequence stops automatically.`,
  ].join("\n");
}

// Markdown- and HTML-hostile text as it really arrives from scraped posts and LLM drafts.
const HOSTILE_EXCERPT = [
  "# We're hiring!!! 🚀",
  "- 3x Account Executives",
  "- 2x SDRs",
  "1. Apply at [our careers page](javascript:alert('gotcha'))",
  '> "Best place I\'ve ever worked" -- Glassdoor',
  "<img src=x onerror=alert(1)> | salary | equity |",
  "![banner](https://cdn.fablefinch.io/banner.png) `npm i fable` ==NEW== ~~old~~",
].join("\n");

const HOSTILE_DRAFT = [
  "## Hi Robert,",
  "",
  '* Your post said **"we\'re hiring"** -- congrats!',
  "* Quick question: is `Salesforce` still your CRM?",
  "",
  "```",
  "SELECT * FROM leads; -- just kidding",
  "```",
  "",
  "<script>document.location='https://evil.example'</script>",
  "[Book a slot](https://cal.fablefinch.io/sam) or [this one](javascript:void(0))",
  "---",
  "Sam",
].join("\n");

export const DEMO_LEADS: DemoLead[] = [
  // Three people at one company (same companyName and companyDomain).
  {
    name: "Ada Lovelace",
    role: "VP Revenue Operations",
    companyName: "Northwind Analytics",
    companyDomain: "northwind-analytics.io",
    email: "ada.lovelace@northwind-analytics.io",
    linkedinUrl: "https://www.linkedin.com/in/ada-lovelace-revops",
    createdAt: "2026-01-05T09:00:00Z",
    icp: { score: 92, reasons: ["Series B, 140 employees", "Hiring 4 SDRs this quarter", "Publicly complained about CRM data quality"] },
    signal: {
      excerpt:
        "We're doubling the SDR team this quarter and our CRM hygiene is already slipping. Anyone have a playbook for keeping enrichment clean at scale?",
      sourceUrl: "https://www.linkedin.com/posts/ada-lovelace-revops_sdr-crm-activity-7150000000000000001",
      capturedAt: "2026-01-04T17:22:00Z",
      angle: "CRM hygiene during SDR ramp",
    },
    drafts: [
      {
        angle: "CRM hygiene during SDR ramp",
        variantKey: "A",
        hypothesis: "A RevOps leader scaling SDRs feels data-quality pain before anyone else",
        content:
          "Hi Ada,\n\nSaw your post about doubling the SDR team. The first thing that usually breaks is the CRM: duplicate companies and stale titles.\n\nWorth 15 minutes to see how Northwind could keep it clean automatically?\n\nBest,\nSam",
      },
      {
        angle: "Peer proof",
        variantKey: "B",
        hypothesis: "Social proof from a similar-stage analytics company lands better than a feature pitch",
        content:
          "Hi Ada, teams like Contoso Data cut duplicate records by 80% in their first month with us. Happy to share exactly how they set it up.",
      },
    ],
    touchpoints: [
      { channel: "email", status: "sent", sentAt: "2026-01-06T08:30:00Z" },
      { channel: "linkedin", status: "replied", sentAt: "2026-01-08T12:10:00Z" },
    ],
  },
  {
    name: "Charles Babbage",
    role: "Head of Data Engineering",
    companyName: "Northwind Analytics",
    companyDomain: "northwind-analytics.io",
    email: "charles.babbage@northwind-analytics.io",
    // No LinkedIn URL.
    createdAt: "2026-01-05T09:05:00Z",
    icp: { score: 71, reasons: ["Owns the data warehouse", "Technical buyer, not budget owner"] },
    signal: {
      excerpt: "Spent the weekend writing yet another dedupe script for our CRM export. There has to be a better way.",
      sourceUrl: "https://blog.northwind-analytics.io/posts/dedupe-weekend",
      capturedAt: "2026-01-03T10:00:00Z",
      angle: "Engineering time lost to CRM clean-up",
    },
    drafts: [
      {
        angle: "Engineering time lost to CRM clean-up",
        variantKey: "A",
        hypothesis: "Data engineers will champion a tool that deletes their least favourite script",
        content: "Hi Charles,\n\nRead your dedupe-weekend post. What if that script never had to run again?\n\nSam",
      },
    ],
    touchpoints: [{ channel: "call", status: "draft" }],
  },
  {
    name: "Mary Somerville",
    role: "Sales Development Lead",
    companyName: "Northwind Analytics",
    companyDomain: "northwind-analytics.io",
    // No email.
    linkedinUrl: "https://www.linkedin.com/in/mary-somerville-sdr",
    createdAt: "2026-01-05T09:10:00Z",
    icp: { score: 58, reasons: ["End user, not buyer", "Influences tooling choices for SDRs"] },
    touchpoints: [{ channel: "linkedin", status: "sent", sentAt: "2026-01-07T14:00:00Z" }],
  },
  // Only a name and a LinkedIn URL.
  {
    name: "Grace Hopper",
    linkedinUrl: "https://www.linkedin.com/in/grace-hopper-cobol",
    createdAt: "2026-01-06T11:00:00Z",
  },
  // Unicode names.
  {
    name: "Zoë Müller",
    role: "Directrice commerciale",
    companyName: "Brandhaus Köln GmbH",
    companyDomain: "brandhaus-koeln.de",
    email: "zoe.mueller@brandhaus-koeln.de",
    linkedinUrl: "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller",
    createdAt: "2026-01-07T08:00:00Z",
    icp: { score: 77, reasons: ["Expanding into France", "Team of 25 account managers"] },
    signal: {
      excerpt: "Wir eröffnen unser Büro in Paris! 🇫🇷 Nous recrutons des commerciaux bilingues.",
      sourceUrl: "https://www.linkedin.com/posts/brandhaus-koeln_paris-activity-7150000000000000002",
      capturedAt: "2026-01-06T09:15:00Z",
      angle: "Expansion nach Frankreich",
    },
    drafts: [
      {
        angle: "Expansion nach Frankreich",
        variantKey: "DE",
        hypothesis: "Writing in German to a German-speaking leader increases reply rate",
        content:
          "Hallo Zoë,\n\nglückwunsch zum neuen Büro in Paris! Wie stellen Sie sicher, dass Ihre CRM-Daten über zwei Märkte hinweg sauber bleiben?\n\nViele Grüße\nSam",
      },
    ],
    touchpoints: [{ channel: "email", status: "bounced", sentAt: "2026-01-08T07:45:00Z" }],
  },
  {
    name: "李雷",
    role: "增长负责人 (Head of Growth)",
    companyName: "Hanfeng Cloud",
    companyDomain: "hanfeng-cloud.com",
    email: "li.lei@hanfeng-cloud.com",
    linkedinUrl: "https://www.linkedin.com/in/li-lei-hanfeng",
    createdAt: "2026-01-07T08:30:00Z",
    icp: { score: 66, reasons: ["APAC expansion", "Uses a homegrown CRM"] },
    signal: {
      excerpt: "我们正在扩展东南亚市场，需要更好的客户数据管理。",
      sourceUrl: "https://hanfeng-cloud.com/blog/sea-expansion",
      capturedAt: "2026-01-05T03:00:00Z",
      angle: "Southeast Asia expansion",
    },
    touchpoints: [{ channel: "email", status: "sent", sentAt: "2026-01-09T01:00:00Z" }],
  },
  {
    name: "Łukasz Wróblewski",
    role: "CTO",
    companyName: "Wisła Logistics",
    companyDomain: "wisla-logistics.pl",
    email: "lukasz.wroblewski@wisla-logistics.pl",
    linkedinUrl: "https://www.linkedin.com/in/lukasz-wroblewski-cto",
    createdAt: "2026-01-08T10:00:00Z",
    icp: { score: 49, reasons: ["Logistics vertical (secondary ICP)", "Recently migrated CRM"] },
    drafts: [
      {
        angle: "Post-migration clean-up",
        variantKey: "A",
        hypothesis: "Teams that just migrated CRMs are acutely aware of data debt",
        content: "Cześć Łukasz,\n\ncongrats on finishing the CRM migration. How much duplicate data came across with it?\n\nSam",
      },
    ],
  },
  {
    name: "Priya Raman 🚀",
    role: "Founder & CEO",
    companyName: "Launchpad Labs",
    companyDomain: "launchpadlabs.io",
    email: "priya@launchpadlabs.io",
    linkedinUrl: "https://www.linkedin.com/in/priya-raman-launchpad",
    createdAt: "2026-01-08T12:00:00Z",
    icp: { score: 83, reasons: ["Seed-stage, founder-led sales", "Just hired first AE"] },
    signal: {
      excerpt: "Hired our first AE today 🎉 Founder-led sales got us to $1M ARR; now it's time to build the machine.",
      sourceUrl: "https://x.com/priyaraman/status/1876543210987654321",
      capturedAt: "2026-01-07T20:30:00Z",
      angle: "First sales hire",
    },
    drafts: [
      {
        angle: "First sales hire",
        variantKey: "A",
        hypothesis: "Founders hiring their first AE want a CRM that sets the new hire up for success",
        content: "Hi Priya,\n\nCongrats on the first AE hire! 🎉 The CRM habits you set in the next 90 days will stick for years.\n\nSam",
      },
    ],
    touchpoints: [
      { channel: "email", status: "replied", sentAt: "2026-01-09T09:00:00Z" },
      { channel: "call", status: "sent", sentAt: "2026-01-12T15:30:00Z" },
    ],
  },
  {
    name: "Søren Åberg",
    role: "Head of Customer Success",
    companyName: "Fjordline Software",
    companyDomain: "fjordline-software.no",
    email: "soren.aberg@fjordline-software.no",
    createdAt: "2026-01-09T09:00:00Z",
    icp: { score: 38, reasons: ["CS team, not sales", "Small team (6 people)"] },
  },
  // Free-mail address, but a company is known.
  {
    name: "José Núñez",
    role: "Regional Sales Manager",
    companyName: "Terraverde Foods",
    companyDomain: "terraverde-foods.com",
    email: "jose.nunez.sales@gmail.com",
    linkedinUrl: "https://www.linkedin.com/in/jose-nunez-terraverde",
    createdAt: "2026-01-09T13:00:00Z",
    icp: { score: 61, reasons: ["Food distribution, 300 employees", "Uses personal email for outreach (shadow tooling)"] },
    signal: {
      excerpt: "Our field reps still keep their accounts in spreadsheets. Looking for something simpler than our current CRM.",
      sourceUrl: "https://www.reddit.com/r/sales/comments/1abcd23/field_reps_spreadsheets/",
      capturedAt: "2026-01-08T18:00:00Z",
      angle: "Spreadsheet-driven field sales",
    },
    touchpoints: [{ channel: "email", status: "sent", sentAt: "2026-01-10T08:00:00Z" }],
  },
  // Long drafts (> 5,000 characters each).
  {
    name: "Hannah Okafor",
    role: "Director of Sales Operations",
    companyName: "Brightpath Freight",
    companyDomain: "brightpath-freight.com",
    email: "hannah.okafor@brightpath-freight.com",
    linkedinUrl: "https://www.linkedin.com/in/hannah-okafor-salesops",
    createdAt: "2026-01-10T09:00:00Z",
    icp: { score: 88, reasons: ["Sales ops owner", "Opened 3 new regional offices", "Board pushing for forecast accuracy"] },
    signal: {
      excerpt: "Three new offices this year means three times the CRM chaos. Forecast accuracy is now a board-level topic for us.",
      sourceUrl: "https://www.linkedin.com/posts/hannah-okafor-salesops_forecast-activity-7150000000000000003",
      capturedAt: "2026-01-09T16:40:00Z",
      angle: "Forecast accuracy after expansion",
    },
    drafts: [
      {
        angle: "Forecast accuracy after expansion",
        variantKey: "sequence-A",
        hypothesis: "A full multi-touch sequence anchored on forecast accuracy converts better for ops leaders",
        content: longSequence("Hannah", "Brightpath Freight", "Three new regional offices"),
      },
      {
        angle: "Board reporting",
        variantKey: "sequence-B",
        hypothesis: "Framing the problem as board reporting risk reaches the budget owner faster",
        content: longSequence("Hannah", "Brightpath Freight", "Forecast accuracy becoming a board topic"),
      },
    ],
    touchpoints: [
      { channel: "email", status: "sent", sentAt: "2026-01-11T08:00:00Z" },
      { channel: "linkedin", status: "sent", sentAt: "2026-01-14T08:00:00Z" },
      { channel: "call", status: "draft" },
    ],
  },
  // Markdown-hostile text in the excerpt, drafts and even the role.
  {
    name: "Robert Tables",
    role: "# Head of `Growth` <b>& Partnerships</b>",
    companyName: "Fable & Finch [Studio]",
    companyDomain: "fablefinch.io",
    email: "robert@fablefinch.io",
    linkedinUrl: "https://www.linkedin.com/in/robert-tables",
    createdAt: "2026-01-10T15:00:00Z",
    icp: { score: 54, reasons: ["- agency, 40 people", "**says** they're *hiring*", "1. uses [Salesforce](javascript:alert(1))"] },
    signal: {
      excerpt: HOSTILE_EXCERPT,
      sourceUrl: "javascript:alert('not a real link')",
      capturedAt: "2026-01-09T12:00:00Z",
      angle: "> Hiring spree_",
    },
    drafts: [
      { angle: "## Hiring spree", variantKey: "A|B", hypothesis: "Agencies growing fast\nneed shared client data", content: HOSTILE_DRAFT },
    ],
    touchpoints: [{ channel: "linkedin", status: "replied", sentAt: "2026-01-12T10:00:00Z" }],
  },
  // No company.
  {
    name: "Sam Rivera",
    role: "Independent RevOps Consultant",
    email: "sam.rivera@outlook.com",
    linkedinUrl: "https://www.linkedin.com/in/sam-rivera-revops",
    createdAt: "2026-01-11T10:00:00Z",
    icp: { score: 27, reasons: ["Consultant: potential partner, not customer"] },
    touchpoints: [{ channel: "email", status: "draft" }],
  },
  {
    name: "Nadia Haddad",
    role: "Chief Revenue Officer",
    companyName: "Cedarline Health",
    companyDomain: "cedarline-health.com",
    email: "nadia.haddad@cedarline-health.com",
    linkedinUrl: "https://www.linkedin.com/in/nadia-haddad-cro",
    createdAt: "2026-01-12T09:00:00Z",
    icp: { score: 95, reasons: ["CRO with budget", "Raised Series C last month", "Sales team of 60"] },
    signal: {
      excerpt: "Thrilled to announce our $45M Series C. Next up: tripling our commercial team across North America.",
      sourceUrl: "https://cedarline-health.com/press/series-c",
      capturedAt: "2026-01-11T14:00:00Z",
      angle: "Series C sales expansion",
    },
    drafts: [
      {
        angle: "Series C sales expansion",
        variantKey: "A",
        hypothesis: "A CRO tripling headcount cares about ramp time more than data quality",
        content:
          "Hi Nadia,\n\nCongratulations on the Series C. Tripling the team means every new rep needs clean account data on day one.\n\nSam",
      },
      {
        angle: "Series C sales expansion",
        variantKey: "B",
        hypothesis: "Same angle, shorter copy, explicit meeting ask",
        content: "Nadia, congrats on the raise. 15 minutes Thursday to show how we keep 60+ reps' CRM data clean?",
      },
    ],
    touchpoints: [
      { channel: "email", status: "sent", sentAt: "2026-01-13T08:00:00Z" },
      { channel: "email", status: "replied", sentAt: "2026-01-15T09:30:00Z" },
      { channel: "call", status: "sent", sentAt: "2026-01-16T16:00:00Z" },
    ],
  },
  {
    name: "Tom Becker",
    role: "Account Executive",
    companyName: "Cedarline Health",
    companyDomain: "cedarline-health.com",
    email: "tom.becker@cedarline-health.com",
    createdAt: "2026-01-12T09:30:00Z",
    icp: { score: 44, reasons: ["End user at a strong account"] },
  },
  {
    name: "Elena Petrova",
    role: "Marketing Operations Manager",
    companyName: "Quillstone Media",
    companyDomain: "quillstone-media.com",
    email: "elena.petrova@quillstone-media.com",
    linkedinUrl: "https://www.linkedin.com/in/elena-petrova-mops",
    createdAt: "2026-01-13T10:00:00Z",
    icp: { score: 69, reasons: ["Owns lead routing", "Marketo + Salesforce stack"] },
    signal: {
      excerpt: "Lead routing is only as good as the account data behind it. Ours is... a work in progress.",
      sourceUrl: "https://www.linkedin.com/posts/elena-petrova-mops_routing-activity-7150000000000000004",
      capturedAt: "2026-01-12T11:00:00Z",
    },
    drafts: [
      {
        angle: "Lead routing accuracy",
        variantKey: "A",
        hypothesis: "MOps leaders feel bad routing as lost pipeline",
        content:
          "Hi Elena,\n\nAgreed that routing is only as good as the account data. Curious how many leads end up unassigned each week?\n\nSam",
      },
    ],
    touchpoints: [{ channel: "linkedin", status: "bounced", sentAt: "2026-01-14T09:00:00Z" }],
  },
  {
    name: "Kwame Mensah",
    role: "VP Sales, EMEA",
    companyName: "Solace Payments",
    companyDomain: "solacepayments.com",
    email: "kwame.mensah@solacepayments.com",
    linkedinUrl: "https://www.linkedin.com/in/kwame-mensah-sales",
    createdAt: "2026-01-13T13:00:00Z",
    icp: { score: 81, reasons: ["Fintech, 400 employees", "New EMEA leadership"] },
    touchpoints: [
      { channel: "email", status: "sent", sentAt: "2026-01-14T07:30:00Z" },
      { channel: "linkedin", status: "draft" },
    ],
  },
  {
    name: "Aiko Tanaka",
    role: "Business Operations Lead",
    companyName: "Kumo Robotics",
    companyDomain: "kumo-robotics.jp",
    email: "aiko.tanaka@kumo-robotics.jp",
    linkedinUrl: "https://www.linkedin.com/in/aiko-tanaka-bizops",
    createdAt: "2026-01-14T02:00:00Z",
    icp: { score: 73, reasons: ["Hardware company with long sales cycles", "Entering US market"] },
    signal: {
      excerpt: "Kumo Robotics opens its first US office in Austin, Texas.",
      sourceUrl: "https://kumo-robotics.jp/en/news/austin-office",
      capturedAt: "2026-01-13T00:00:00Z",
      angle: "US market entry",
    },
  },
  {
    name: "Liam O'Connor",
    role: "Head of Partnerships",
    companyName: "Greenway Energy Partners",
    companyDomain: "greenway-energy.ie",
    email: "liam.oconnor@greenway-energy.ie",
    linkedinUrl: "https://www.linkedin.com/in/liam-oconnor-partnerships",
    createdAt: "2026-01-14T11:00:00Z",
    icp: { score: 33, reasons: ["Partnerships, not direct sales", "Energy sector (low priority)"] },
    touchpoints: [{ channel: "call", status: "sent", sentAt: "2026-01-15T14:00:00Z" }],
  },
  {
    name: "Fatima Zahra El Amrani",
    role: "Sales Enablement Manager",
    companyName: "Atlasgrid",
    companyDomain: "atlasgrid.ma",
    email: "fatima.elamrani@atlasgrid.ma",
    createdAt: "2026-01-15T09:00:00Z",
    icp: { score: 62, reasons: ["Onboarding 12 new reps", "Enablement owns CRM training"] },
    drafts: [
      {
        angle: "Rep onboarding",
        variantKey: "A",
        hypothesis: "Enablement managers want CRM data new reps can trust",
        content:
          "Bonjour Fatima,\n\nTwelve new reps is a lot of CRM training. What if the data were already right when they logged in?\n\nSam",
      },
    ],
  },
  {
    name: "Daniel Kim",
    role: "Growth Engineer",
    companyName: "Pixelmint",
    companyDomain: "pixelmint.co",
    email: "daniel@pixelmint.co",
    linkedinUrl: "https://www.linkedin.com/in/daniel-kim-growth",
    createdAt: "2026-01-15T17:00:00Z",
    icp: { score: 15, reasons: ["Individual contributor", "Company of 8 people", "No sales team yet"] },
  },
  {
    name: "Isabella Rossi",
    role: "Direttrice Vendite",
    companyName: "Vetreria Moderna",
    companyDomain: "vetreria-moderna.it",
    email: "isabella.rossi@vetreria-moderna.it",
    linkedinUrl: "https://www.linkedin.com/in/isabella-rossi-vendite",
    createdAt: "2026-01-16T08:00:00Z",
    icp: { score: 57, reasons: ["Manufacturing, distributor network", "Exporting to 14 countries"] },
    touchpoints: [
      { channel: "email", status: "bounced", sentAt: "2026-01-17T08:00:00Z" },
      { channel: "linkedin", status: "sent", sentAt: "2026-01-18T08:00:00Z" },
    ],
  },
  {
    name: "Oluwaseun Adeyemi",
    role: "Head of Revenue",
    companyName: "Lagoon Commerce",
    companyDomain: "lagooncommerce.ng",
    email: "seun.adeyemi@lagooncommerce.ng",
    linkedinUrl: "https://www.linkedin.com/in/seun-adeyemi-revenue",
    createdAt: "2026-01-16T12:00:00Z",
    icp: { score: 79, reasons: ["E-commerce platform, 200 merchants signed in Q4", "Building first RevOps function"] },
    signal: {
      excerpt: "We signed 200 merchants in Q4. Our CRM did not enjoy it.",
      sourceUrl: "https://www.linkedin.com/posts/seun-adeyemi-revenue_q4-activity-7150000000000000005",
      capturedAt: "2026-01-15T19:00:00Z",
      angle: "Q4 growth pains",
    },
    touchpoints: [{ channel: "email", status: "replied", sentAt: "2026-01-17T10:00:00Z" }],
  },
  {
    name: "Chloé Dubois",
    role: "Responsable RevOps",
    companyName: "Maison Lumière",
    companyDomain: "maison-lumiere.fr",
    // No email.
    linkedinUrl: "https://www.linkedin.com/in/chlo%C3%A9-dubois-revops",
    createdAt: "2026-01-17T09:00:00Z",
    icp: { score: 68, reasons: ["Retail brand with B2B wholesale arm", "HubSpot user"] },
    drafts: [
      {
        angle: "Wholesale accounts",
        variantKey: "FR",
        hypothesis: "French copy for a French RevOps lead",
        content: "Bonjour Chloé,\n\nComment gardez-vous vos comptes grossistes à jour dans HubSpot ?\n\nSam",
      },
    ],
    touchpoints: [{ channel: "linkedin", status: "sent", sentAt: "2026-01-18T09:00:00Z" }],
  },
  {
    name: "Mateo García",
    role: "SDR Manager",
    companyName: "Solace Payments",
    companyDomain: "solacepayments.com",
    email: "mateo.garcia@solacepayments.com",
    linkedinUrl: "https://www.linkedin.com/in/mateo-garcia-sdr",
    createdAt: "2026-01-17T14:00:00Z",
    icp: { score: 64, reasons: ["Manages 12 SDRs", "Same account as Kwame Mensah"] },
    touchpoints: [{ channel: "call", status: "replied", sentAt: "2026-01-19T15:00:00Z" }],
  },
  {
    name: "Ingrid Johansson",
    role: "COO",
    companyName: "Nordlys Outdoor",
    companyDomain: "nordlys-outdoor.se",
    email: "ingrid.johansson@nordlys-outdoor.se",
    createdAt: "2026-01-18T08:00:00Z",
    // No ICP score yet, no relations at all.
  },
  {
    name: "Rahul Verma",
    role: "Director, Sales Strategy",
    companyName: "Trellis Insurance",
    companyDomain: "trellis-insurance.com",
    email: "rahul.verma@trellis-insurance.com",
    linkedinUrl: "https://www.linkedin.com/in/rahul-verma-strategy",
    createdAt: "2026-01-18T13:00:00Z",
    icp: { score: 86, reasons: ["Insurance, 2,000 employees", "CRM consolidation project announced", "Budget approved for 2026"] },
    signal: {
      excerpt: "Kicking off our CRM consolidation: four regional instances into one by Q3.",
      sourceUrl: "https://trellis-insurance.com/careers/crm-program-manager",
      capturedAt: "2026-01-17T09:00:00Z",
      angle: "CRM consolidation",
    },
    drafts: [
      {
        angle: "CRM consolidation",
        variantKey: "A",
        hypothesis: "Consolidation projects surface duplicates across instances; de-duplication is the first need",
        content:
          "Hi Rahul,\n\nMerging four CRM instances usually means discovering the same customer four times. We can help with that part.\n\nSam",
      },
    ],
    touchpoints: [
      { channel: "email", status: "sent", sentAt: "2026-01-19T08:00:00Z" },
      { channel: "linkedin", status: "draft" },
    ],
  },
];

function demoLeadInput(d: DemoLead): Prisma.LeadCreateInput {
  return {
    ...leadIdentity(d),
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.createdAt),
    icpScore: d.icp ? { create: { score: d.icp.score, reasons: JSON.stringify(d.icp.reasons) } } : undefined,
    sourceSignal: d.signal
      ? {
          create: {
            excerpt: d.signal.excerpt,
            sourceUrl: d.signal.sourceUrl,
            capturedAt: new Date(d.signal.capturedAt),
            angle: d.signal.angle ?? null,
          },
        }
      : undefined,
    drafts: d.drafts?.length ? { create: d.drafts } : undefined,
    touchpoints: d.touchpoints?.length
      ? { create: d.touchpoints.map((t) => ({ channel: t.channel, status: t.status, sentAt: t.sentAt ? new Date(t.sentAt) : null })) }
      : undefined,
  };
}

/** Inserts the hand-written demo leads (all or nothing) and returns how many were created. */
export async function seedDemoLeads(prisma: PrismaClient): Promise<number> {
  await prisma.$transaction(DEMO_LEADS.map((d) => prisma.lead.create({ data: demoLeadInput(d) })));
  return DEMO_LEADS.length;
}
