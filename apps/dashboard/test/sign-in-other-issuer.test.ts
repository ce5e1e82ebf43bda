import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInJourney } from "./oidc-journey.ts";
import { type FullStack, startFullStack } from "./stack.ts";

// The same sign-in against a second, independently configured issuer: its own signing keys (made
// at start, never written down), its own client id, and services and a dashboard configured for
// it alone. Nothing in the dashboard names the development issuer; /config.json says which to use.

const TTL_SECONDS = 5;
const CLIENT_ID = "halland-krisstod";
let stack: FullStack;

beforeAll(async () => {
  stack = await startFullStack({
    clientId: CLIENT_ID,
    accessTokenTtlSeconds: TTL_SECONDS,
    clockToleranceSeconds: 0,
  });
});
afterAll(() => stack?.close());

describe("signing in with another issuer", () => {
  it("runs the whole flow with another client id and key set", async () => {
    expect(stack.identity.clientId).toBe(CLIENT_ID);
    const served = await (await fetch(new URL("/config.json", stack.dashboard.url))).json();
    expect(served).toEqual({ issuer: stack.identity.issuer, clientId: CLIENT_ID, scopes: "openid profile" });
    const context = await stack.browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
    try {
      const token = await signInJourney(stack, context, {
        userId: "region-13.pkl-lead",
        deepLink: "/region",
        heading: "Region: POSOM och PKL",
        thenOpen: "Larmlistor",
        accessTokenTtlSeconds: TTL_SECONDS,
      });
      // Signed with this issuer's own key: the one its JWKS publishes.
      const jwks = (await (await fetch(`${stack.identity.issuer}/jwks`)).json()) as {
        keys: { kid: string }[];
      };
      expect(jwks.keys.map((key) => key.kid)).toEqual([decodeProtectedHeader(token).kid]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
