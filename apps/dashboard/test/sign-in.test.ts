import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInJourney } from "./oidc-journey.ts";
import { signIn } from "./sign-in.ts";
import { type FullStack, startFullStack } from "./stack.ts";

// Sign-in as it runs in production: authorization code + PKCE against the development issuer
// (a real OpenID provider), in a real Chromium, with every real service behind the dashboard.
// Access tokens live 5 s here, and the services allow no clock skew, so only a renewed token works.

const TTL_SECONDS = 5;
/** Four page loads, the issuer's pages and a wait past the token's lifetime, on a busy machine. */
const JOURNEY_MS = 180_000;
let stack: FullStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const newContext = async () => {
  const context = await browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  contexts.push(context);
  return context;
};

beforeAll(async () => {
  stack = await startFullStack({ accessTokenTtlSeconds: TTL_SECONDS, clockToleranceSeconds: 0 });
  browser = stack.browser;
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await stack?.close();
});

describe("signing in with the development issuer", () => {
  it(
    "goes from a deep link through the issuer and back, survives a reload and the token's expiry, and signs out at the issuer too",
    async () => {
      await signInJourney(stack, await newContext(), {
        userId: "kommun-1381.posom-lead",
        deepLink: "/larmlistor",
        heading: "Larmlistor",
        thenOpen: "Statistik",
        accessTokenTtlSeconds: TTL_SECONDS,
      });
    },
    JOURNEY_MS,
  );

  it("says in Swedish that the session has expired when the issuer refuses to renew it", async () => {
    const page = await (await newContext()).newPage();
    await signIn(page, "kommun-1381.posom-lead", stack.dashboard.url);
    // The issuer no longer knows the refresh token (as when its session ended or was revoked).
    const forgetRefreshToken = () =>
      page.evaluate(() => {
        for (const key of Object.keys(sessionStorage).filter((k) => k.startsWith("oidc.user:"))) {
          const user = JSON.parse(sessionStorage.getItem(key) ?? "{}");
          sessionStorage.setItem(key, JSON.stringify({ ...user, refresh_token: "no-longer-valid" }));
        }
      });
    const expired = page.getByRole("status").filter({ hasText: "Din inloggning har gått ut" });
    // The next renewal, due within the token's lifetime, is refused. (A renewal already under way
    // when the token was replaced stores a good one again; then the next one is refused.)
    for (let attempt = 0; attempt < 5 && !(await expired.isVisible()); attempt++) {
      await forgetRefreshToken().catch(() => {});
      await expired.waitFor({ timeout: TTL_SECONDS * 1000 }).catch(() => {});
    }
    await expired.waitFor({ timeout: 1000 });
    await page.getByRole("button", { name: "Logga in", exact: true }).waitFor();
    expect(await page.getByRole("region", { name: "Inloggad" }).count()).toBe(0);
  });

  it("says in Swedish that a callback with a wrong state cannot be completed, and starting over works", async () => {
    const page = await (await newContext()).newPage();
    await page.goto(new URL("/auth/callback?code=forged&state=not-ours", stack.dashboard.url).href);
    await page.getByRole("alert").filter({ hasText: "Inloggningen kunde inte slutföras" }).waitFor();
    // The bad answer is not left in the address bar for a reload to replay.
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("button", { name: "Börja om" }).click();
    await page.waitForURL((url) => url.href.startsWith(`${stack.identity.issuer}/interaction/`));
  });

  it("refuses a replayed callback (the code and state were used once already)", async () => {
    const context = await newContext();
    const page = await context.newPage();
    let callback: string | undefined;
    page.on("request", (request) => {
      if (request.isNavigationRequest() && request.url().includes("/auth/callback?"))
        callback = request.url();
    });
    await signIn(page, "kommun-1380.activator", stack.dashboard.url);
    expect(callback).toBeDefined();
    await page.goto(callback ?? "");
    await page.getByRole("alert").filter({ hasText: "Inloggningen kunde inte slutföras" }).waitFor();
    await page.getByRole("button", { name: "Börja om" }).waitFor();
  });

  it("says in Swedish that the issuer cannot be reached, and offers to start over", async () => {
    const page = await (await newContext()).newPage();
    await page.route(`${stack.identity.issuer}/**`, (route) => route.abort("connectionrefused"));
    await page.goto(stack.dashboard.url);
    await page.getByRole("button", { name: "Logga in", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "Inloggningstjänsten går inte att nå" }).waitFor();
    // Once the issuer answers again, starting over signs in.
    await page.unroute(`${stack.identity.issuer}/**`);
    await page.getByRole("button", { name: "Börja om" }).click();
    await page.waitForURL((url) => url.href.startsWith(`${stack.identity.issuer}/interaction/`));
  });
});
