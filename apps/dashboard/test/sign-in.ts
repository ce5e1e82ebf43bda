import { findDemoUser } from "@krisstod/contracts/demo";
import type { Page } from "playwright-core";

/**
 * Signs a demo user in the way a person does: at `at` (the dashboard, or a deep link into it), press
 * "Logga in", pick the user on the development issuer's login page, and come back signed in. The one
 * way browser tests sign in; `userId` is a demo user's id, `<organisation>.<role>`
 * (@krisstod/contracts/demo), e.g. `kommun-1381.posom-lead`.
 *
 * Whoever was signed in in this browser context before is forgotten first (the tab's session and
 * the issuer's cookie), so the issuer asks who is signing in rather than signing the last one in.
 */
export async function signIn(page: Page, userId: string, at: string): Promise<void> {
  const user = findDemoUser(userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  await page.context().clearCookies();
  const signInButton = page.getByRole("button", { name: /^(Logga in|Sign in)$/ });
  // Already on the sign-in screen at `at` (just signed out): no need to load the page again.
  const ready = page.url() === at && (await signInButton.isVisible());
  if (!ready) {
    if (page.url().startsWith("http")) {
      // Leave the app before forgetting its session, for an empty page of the dashboard's origin
      // (answered by the browser here, never by a server): the previous user's screen polls (the
      // call-out board's outbox every second), and a poll between the clear and the next load went
      // out without a token and was answered 401 — an error in the console the tests watch.
      const blank = new URL("/sign-in-test-blank", at).href;
      await page.route(blank, (route) =>
        route.fulfill({ contentType: "text/html", body: '<!doctype html><link rel="icon" href="data:,">' }),
      );
      await page.goto(blank);
      await page.evaluate(() => sessionStorage.clear());
      await page.unroute(blank);
    }
    // The first load may wait for the dev server to build its dependencies, beside other test files.
    await page.goto(at, { timeout: 90_000 });
  }
  await signInButton.click();
  await page
    .getByRole("region", { name: user.organisationName, exact: true })
    .getByRole("button", { name: `${user.name} · ${user.title}`, exact: true })
    .click();
  await page
    .getByRole("region", { name: /^(Inloggad|Signed in)$/ })
    .getByText(user.name)
    .waitFor();
}

/** Signs out from the header, and waits until the issuer has ended its session too. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Logga ut|Sign out)$/ }).click();
  await page.getByRole("button", { name: /^(Logga in|Sign in)$/ }).waitFor();
}
