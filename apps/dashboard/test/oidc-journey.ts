import { findDemoUser } from "@krisstod/contracts/demo";
import type { BrowserContext, Page, Response } from "playwright-core";
import { expect } from "vitest";
import type { FullStack } from "./stack.ts";

/** The access token oidc-client-ts keeps for this tab (sessionStorage, `oidc.user:<issuer>:<client>`). */
export async function storedAccessToken(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) ?? "";
      if (key.startsWith("oidc.user:")) return JSON.parse(sessionStorage.getItem(key) ?? "{}").access_token;
    }
    return undefined;
  });
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

/**
 * The whole sign-in as a person goes through it, against whichever issuer the stack runs: a deep
 * link, the issuer's login page, back at the deep link; a reload; past the access token's lifetime
 * (the stack's is short) still working; sign-out, after which the issuer asks again. Returns the
 * first access token the dashboard got.
 */
export async function signInJourney(
  stack: FullStack,
  context: BrowserContext,
  options: {
    userId: string;
    deepLink: string;
    heading: string;
    /** A menu entry not opened yet, whose screen asks a service for data. */
    thenOpen: string;
    accessTokenTtlSeconds: number;
  },
): Promise<string> {
  const user = findDemoUser(options.userId);
  if (!user) throw new Error(`no demo user ${options.userId}`);
  const page = await context.newPage();
  const refused: string[] = [];
  page.on("response", (response: Response) => {
    if (response.url().includes("/api/") && response.status() === 401) refused.push(response.url());
  });
  const signedIn = page.getByRole("region", { name: "Inloggad" });
  const deepLink = new URL(options.deepLink, stack.dashboard.url).href;

  // A deep link while signed out: the sign-in screen, then the issuer's own login page.
  await page.goto(deepLink);
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stack.identity.issuer}/interaction/`));
  await page
    .getByRole("region", { name: user.organisationName, exact: true })
    .getByRole("button", { name: `${user.name} · ${user.title}`, exact: true })
    .click();
  // Back where the user wanted to go, signed in as the person picked.
  await signedIn.getByText(user.name).waitFor();
  await page.getByRole("heading", { name: options.heading }).first().waitFor();
  expect(page.url()).toBe(deepLink);
  const first = await storedAccessToken(page);
  expect(first).toBeDefined();
  const claims = claimsOf(first ?? "");
  expect(claims).toMatchObject({
    iss: stack.identity.issuer,
    client_id: stack.identity.clientId,
    sub: user.userId,
    name: user.name,
    org: user.organisationId,
    county: "13",
    roles: user.roles,
  });

  // A reload keeps the session (sessionStorage), on the same page. With this stack's short token
  // lifetime the page renews every second or two, and the issuer rotates refresh tokens: a reload
  // that cut a renewal short would leave the page holding the already-spent refresh token (the
  // issuer then ends the sign-in, as it must on a reused one). So reload right after a renewal.
  const before = await storedAccessToken(page);
  await expect.poll(() => storedAccessToken(page), { timeout: 30_000, interval: 50 }).not.toBe(before);
  await page.reload();
  await signedIn.getByText(user.name).waitFor();
  await page.getByRole("heading", { name: options.heading }).first().waitFor();
  expect(await page.getByRole("button", { name: "Logga in", exact: true }).count()).toBe(0);

  // Past the first token's lifetime: renewed in the background, and the services still answer.
  await page.waitForTimeout((options.accessTokenTtlSeconds + 2) * 1000);
  const renewed = await storedAccessToken(page);
  expect(renewed).toBeDefined();
  expect(renewed).not.toBe(first);
  expect(Number(claimsOf(renewed ?? "").exp)).toBeGreaterThan(Number(claims.exp));
  const answered = page.waitForResponse(async (response) => {
    if (!response.url().includes("/api/")) return false;
    // headers() leaves out security headers such as Authorization; allHeaders() has them.
    const authorization = (await response.request().allHeaders()).authorization;
    return authorization !== undefined && authorization !== `Bearer ${first}`;
  });
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: options.thenOpen, exact: true })
    .click();
  expect((await answered).status()).toBe(200);
  await signedIn.getByText(user.name).waitFor();
  expect(refused).toEqual([]);

  // Signing out ends the issuer's session too: signing in again shows its login page.
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("button", { name: "Logga in", exact: true }).waitFor();
  expect(await storedAccessToken(page)).toBeUndefined();
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stack.identity.issuer}/interaction/`));
  await page.getByRole("heading", { name: "Logga in i Krisstöd" }).waitFor();
  await page.close();
  return first ?? "";
}
