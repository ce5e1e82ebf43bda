import type { DemoUser } from "@krisstod/contracts";
import { faviconLink } from "@krisstod/http";

/**
 * The issuer's own pages, in Swedish: the login page listing the demo users, the sign-out step and
 * the error page. Plain HTML with no scripts from elsewhere; every value is escaped.
 */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const style = `
  body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.4}
  .orgs{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}
  section{border:1px solid #ccc;border-radius:.5rem;padding:.5rem 1rem}
  ul{list-style:none;padding:0;margin:0}
  li{margin:.25rem 0}
  button{width:100%;text-align:left;padding:.5rem;font:inherit;cursor:pointer}
  .notice{background:#fff6d6;padding:.5rem 1rem;border-radius:.5rem}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${faviconLink}
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** One button per demo user, grouped by organisation; a click signs in as that user. */
export function loginPage(uid: string, users: readonly DemoUser[]): string {
  const groups = new Map<string, DemoUser[]>();
  for (const user of users)
    groups.set(user.organisationName, [...(groups.get(user.organisationName) ?? []), user]);
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const sections = [...groups]
    .map(([organisation, members], i) => {
      const items = members
        .map(
          (user) => `<li><form method="post" action="${action}">
<input type="hidden" name="userId" value="${escapeHtml(user.userId)}">
<button type="submit">${escapeHtml(user.name)} · ${escapeHtml(user.title)}</button>
</form></li>`,
        )
        .join("\n");
      return `<section aria-labelledby="org-${i}"><h2 id="org-${i}">${escapeHtml(organisation)}</h2><ul>${items}</ul></section>`;
    })
    .join("\n");
  return page(
    "Logga in – Krisstöd (utveckling)",
    `<h1>Logga in i Krisstöd</h1>
<p class="notice">Utvecklingsinloggning: välj en demoanvändare. I drift loggar du in hos länets egen
identitetsleverantör (till exempel med SITHS-kort eller Freja eID+).</p>
<div class="orgs">${sections}</div>`,
  );
}

/** A login page asked for after its sign-in ran out (or from another browser). */
export function expiredPage(): string {
  return page(
    "Inloggningen har gått ut – Krisstöd",
    "<h1>Inloggningen har gått ut</h1><p>Gå tillbaka till Krisstöd och börja om.</p>",
  );
}

/** The sign-out step: submitted at once by the page itself; the button is for browsers without scripts. */
export function signOutPage(form: string): string {
  return page(
    "Loggar ut – Krisstöd",
    `<h1>Loggar ut</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Logga ut</button>
<script>
  const form = document.getElementById("op.logoutForm");
  const logout = document.createElement("input");
  logout.type = "hidden"; logout.name = "logout"; logout.value = "yes";
  form.appendChild(logout);
  form.submit();
</script>`,
  );
}

/** Shown when sign-out was asked for without a way back to the dashboard. */
export function signedOutPage(): string {
  return page("Utloggad – Krisstöd", "<h1>Du är utloggad</h1><p>Du kan stänga fönstret.</p>");
}

/** An OAuth/OIDC error, named by its code (e.g. invalid_request) with the issuer's description. */
export function errorPage(out: { error: string; error_description?: string | undefined }): string {
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(String(value))}</dd>`)
    .join("");
  return page(
    "Inloggningen misslyckades – Krisstöd",
    `<h1>Inloggningen misslyckades</h1>
<p>Gå tillbaka till Krisstöd och börja om.</p>
<dl>${rows}</dl>`,
  );
}
