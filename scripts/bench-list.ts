/**
 * `npm run bench:list`: server render time of the leads list with 100 versus 10,000 leads, against
 * the production build (`npx next build web` first); prints the ratio as JSON. Method, output and
 * target: docs/benchmarks.md.
 *
 *   npm run bench:list -- --requests 60 --warmup 15
 */
import { seedGeneratedLeads } from "../prisma/generated-leads";
import { listLeads, searchCondition } from "../web/src/lib/leads/queries";
import { timeInProcess } from "./lib/bench-web";
import { runPageBench } from "./lib/page-bench";

runPageBench({
  name: "bench-list",
  rows: { key: "leads", noun: "leads" },
  seed: seedGeneratedLeads,
  // The marker proves each answer was the list, not an error page.
  page: { path: "/leads", marker: 'table class="leads"' },
  extras: async ({ small, large, requests, measure }) => ({
    search: await measure(small, large, "/leads?q=smith", Math.ceil(requests / 2), 5),
    last_page: await measure(small, large, "/leads?last=1", Math.ceil(requests / 2), 5),
  }),
  dataLayer: async ({ prisma }) => {
    const count = (q: string) => prisma.$queryRaw`SELECT COUNT(*) AS n FROM "Lead" WHERE ${searchCondition(q)}`;
    return {
      list_first_page_ms: await timeInProcess(() => listLeads(prisma)),
      list_last_page_ms: await timeInProcess(() => listLeads(prisma, { cursor: { kind: "last" } })),
      list_search_ms: await timeInProcess(() => listLeads(prisma, { q: "smith" })),
      count_all_ms: await timeInProcess(() => count("")),
      count_search_ms: await timeInProcess(() => count("smith")),
    };
  },
});
