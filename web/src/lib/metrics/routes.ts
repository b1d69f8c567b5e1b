// The web app's routes as metric labels: every page and route handler under web/src/app, by its
// pattern (`/leads/[id]`, never `/leads/42`), so a label can only take these values; any other
// path counts as "other". test/unit/web-metric-routes.test.ts checks the list against web/src/app.

export type RouteKind = "page" | "route" | "asset";

/** Pattern -> kind, one entry per page.tsx / route.ts under web/src/app (and its metadata files). */
export const APP_ROUTES: Record<string, RouteKind> = {
  "/": "page",
  "/leads": "page",
  "/leads/[id]": "page",
  "/leads/new": "page",
  "/leads/import": "page",
  "/leads/import/template.csv": "route",
  "/login": "page",
  "/login/session": "route",
  "/login/logout": "route",
  "/settings": "page",
  "/settings/attio": "page",
  "/settings/fields": "page",
  "/syncs": "page",
  "/api/attio/webhooks": "route",
  "/api/bulk": "route",
  "/api/codec/[op]": "route",
  "/api/health/live": "route",
  "/api/health/ready": "route",
  "/api/leads/[id]/sync": "route",
  "/api/schedule": "route",
  "/api/session": "route",
  "/icon.svg": "asset",
};

/** What a request is, for its labels: a page (or its RSC payload), a server action posted to a page, a route handler, a build asset. */
export type RequestKind = RouteKind | "action" | "other";

export interface RequestLabels {
  route: string;
  kind: RequestKind;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|\\]/g, "\\$&");

function patternRegex(pattern: string): RegExp {
  if (pattern === "/") return /^\/$/;
  const parts = pattern
    .split("/")
    .slice(1)
    .map((seg) => {
      if (/^\[\[\.\.\.[^\]]+\]\]$/.test(seg)) return "(?:/.*)?";
      if (/^\[\.\.\.[^\]]+\]$/.test(seg)) return "/.+";
      if (/^\[[^\]]+\]$/.test(seg)) return "/[^/]+";
      return `/${escapeRegex(seg)}`;
    });
  return new RegExp(`^${parts.join("")}/?$`);
}

// Static patterns before dynamic ones, as Next matches: `/leads/new` is not `/leads/[id]`.
const MATCHERS = Object.entries(APP_ROUTES)
  .sort(([a], [b]) => Number(a.includes("[")) - Number(b.includes("[")))
  .map(([pattern, kind]) => ({ pattern, kind, regex: patternRegex(pattern) }));

/** The bounded labels of a request to `pathname` (no query string); `action` when it carries Next's Next-Action header. */
export function requestLabels(pathname: string, isAction: boolean): RequestLabels {
  if (pathname.startsWith("/_next/")) return { route: "/_next", kind: "asset" };
  const match = MATCHERS.find((m) => m.regex.test(pathname));
  if (!match) return { route: "other", kind: "other" };
  return { route: match.pattern, kind: isAction && match.kind === "page" ? "action" : match.kind };
}
