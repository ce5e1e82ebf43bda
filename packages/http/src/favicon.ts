/**
 * The Krisstöd icon (the dashboard's public/favicon.svg) as a `<link rel="icon">` for the few HTML
 * pages a service serves itself (the development issuer's login, an answer link's page). Inline,
 * so the page needs no route of its own; without a link a browser asks for /favicon.ico and logs
 * the 404 as an error on the page.
 */
const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e79"/>' +
  '<path d="M16 26s-9-5.6-9-12a5 5 0 0 1 9-3 5 5 0 0 1 9 3c0 6.4-9 12-9 12z" fill="#fff"/></svg>';

export const faviconLink = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${encodeURIComponent(svg)}">`;
