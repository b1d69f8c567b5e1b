import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_ROUTES, requestLabels } from "../../web/src/lib/metrics/routes";

const appDir = path.resolve(import.meta.dirname, "../../web/src/app");

/** Every page.tsx and route.ts under web/src/app, as Next's route pattern and kind. */
function appRoutes(dir = appDir, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Route groups `(name)` add no segment.
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      out.push(...appRoutes(path.join(dir, entry.name), prefix + segment));
    } else if (/^page\.(tsx?|jsx?)$/.test(entry.name)) out.push([prefix || "/", "page"]);
    else if (/^route\.(ts|js)$/.test(entry.name)) out.push([prefix || "/", "route"]);
  }
  return out;
}

describe("web request labels", () => {
  it("name every page and route handler under web/src/app, and nothing else but its icon", () => {
    const listed = Object.entries(APP_ROUTES).filter(([, kind]) => kind !== "asset");
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(appRoutes()));
  });

  it("are the route's pattern, never the path's ids, and 'other' for any path the app does not serve", () => {
    expect(requestLabels("/leads/42", false)).toEqual({ route: "/leads/[id]", kind: "page" });
    expect(requestLabels("/leads/new", false)).toEqual({ route: "/leads/new", kind: "page" });
    expect(requestLabels("/leads/42", true)).toEqual({ route: "/leads/[id]", kind: "action" });
    expect(requestLabels("/api/leads/42/sync", false)).toEqual({ route: "/api/leads/[id]/sync", kind: "route" });
    expect(requestLabels("/_next/static/chunks/abc.js", false)).toEqual({ route: "/_next", kind: "asset" });
    expect(requestLabels("/wp-admin/leads/42", false)).toEqual({ route: "other", kind: "other" });
    expect(requestLabels("/leads/42/extra", false)).toEqual({ route: "other", kind: "other" });
  });
});
