import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { WorkflowNotFoundError } from "@temporalio/client";
import { createSessionToken, SESSION_COOKIE } from "../../web/src/lib/auth/session";
import { uniqueTaskQueue } from "../helpers/temporal";
import { postServerAction, screenshotPath, serverActionId } from "../helpers/web";

const PASSWORD = "correct horse battery staple";
const SECRET = "test-session-secret-0123456789abcdef0123456789";

describe("access control with a shared password (production build)", () => {
  // An id no other file uses: they share the Temporal server, and `lead-<id>` must be ours alone.
  const leadId = 700_000_000 + Math.floor(Math.random() * 100_000_000);
  // No worker: a run that started anyway would show up in Temporal, which is what we check.
  const h = useSyncHarness({
    seed: (prisma) => prisma.lead.create({ data: { id: leadId, name: "Hedy Lamarr", email: "hedy@spread.io" } }),
    fake: false,
    client: true,
    web: {
      env: {
        TEMPORAL_TASK_QUEUE: uniqueTaskQueue("auth"),
        ATTIO_API_KEY: "attio-key-for-auth-test",
        LEADSYNC_PASSWORD: PASSWORD,
        LEADSYNC_SESSION_SECRET: SECRET,
      },
    },
    browser: true,
  });

  it("sends an unauthenticated page load to the sign-in page, without the page's data", async () => {
    const res = await fetch(`${h.web.url}/leads/${leadId}`, { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/leads/${leadId}`)}`);
    expect(await res.text()).not.toContain("Hedy Lamarr");

    const page = await h.browser.newPage();
    await page.goto(`${h.web.url}/leads`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.screenshot({ path: screenshotPath("login"), fullPage: true });
    await page.close();
  });

  it("refuses a direct server-action POST without a session, on any path, and runs nothing", async () => {
    const id = serverActionId("syncLeadToAttio");
    for (const pagePath of [`/leads/${leadId}`, "/login", "/"]) {
      const res = await postServerAction(h.web.url, pagePath, id, [leadId]);
      expect(res.status, pagePath).toBe(401);
      expect(res.headers.get("x-action-redirect"), pagePath).toMatch(/^\/login\?next=/);
    }
    await expect(h.client.workflow.getHandle(`lead-${leadId}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).attioSyncStatus).toBe("not_synced");
  });

  it("refuses route handlers without a valid session cookie: none, forged, foreign or expired", async () => {
    const settings = { password: PASSWORD, secret: SECRET };
    const valid = await createSessionToken(settings);
    const cookies = {
      none: undefined,
      forged: `${valid.slice(0, -4)}AAAA`,
      foreign: await createSessionToken({ password: PASSWORD, secret: "another-secret-0123456789abcdef0123456789" }),
      otherPassword: await createSessionToken({ password: "an older password", secret: SECRET }),
      expired: await createSessionToken(settings, Date.now() - 8 * 24 * 3600_000),
    };
    for (const [kind, token] of Object.entries(cookies)) {
      const res = await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} });
      expect(res.status, kind).toBe(401);
    }
    const ok = await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: { cookie: `${SESSION_COOKIE}=${valid}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ leadId, status: "not_synced" });
  });

  it("signs in with the shared password into an HttpOnly, SameSite=Lax session, and not with a wrong one", async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.web.url}/leads/${leadId}`);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "That password is not right" }).waitFor();
    expect(await context.cookies()).toEqual([]);

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Hedy Lamarr" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/leads/${leadId}`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: SESSION_COOKIE, httpOnly: true, sameSite: "Lax", path: "/" });
    await context.close();
  });

  it("runs a signed-in direct server-action POST, and the action validates its input", async () => {
    const cookie = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    const res = await postServerAction(h.web.url, `/leads/${leadId}`, serverActionId("syncLeadToAttio"), ["1; DROP TABLE Lead"], cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Invalid lead id.");
  });

  it("signs out: the session cookie is cleared and pages need a sign-in again", async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.web.url}/login`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${h.web.url}/leads`);
    await page.goto(`${h.web.url}/login`);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${h.web.url}/leads`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });
});
