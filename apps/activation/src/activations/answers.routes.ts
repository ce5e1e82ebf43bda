import { AnswerLinkError } from "@krisstod/auth";
import {
  AnswerBody,
  type AnswerLinkState,
  AnswerResult,
  type Assignment,
  type RosterGroup,
} from "@krisstod/contracts";
import { type AppEnv, faviconLink, validate, validateBody } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { type Context, Hono } from "hono";
import { html, raw } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { ActivationParts } from "../parts.ts";
import { route } from "../policy.ts";
import { answerLinkLimit } from "./answer-limit.ts";
import { inspectLink, recordAnswer } from "./answers.ts";

const Params = z.object({ id: z.uuid() });
const Query = z.object({ token: z.string().min(1).max(2000) });

/**
 * The answer link opens a small page (GET changes nothing, so link previews in messaging apps
 * cannot answer for the person); its buttons POST the answer. JSON clients POST directly.
 */
export function answerRoutes(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  return new Hono<AppEnv>()
    .use("/:id/answer", answerLinkLimit(parts))
    .get(
      "/:id/answer",
      route("call-out.answer-page", {
        summary: "The answer page of a call-out link (signed token in the link)",
        response: { media: "text/html" },
      }),
      validate("param", Params),
      validate("query", Query),
      async (c) => {
        const { id } = c.req.valid("param");
        const { token } = c.req.valid("query");
        const wantsJson = (c.req.header("Accept") ?? "").includes("application/json");
        try {
          const state = await inspectLink(db, parts, id, token);
          const relieved = state.status === "relieved";
          const settled =
            state.used || relieved || state.status === "accepted" || state.status === "declined";
          if (wantsJson) {
            // For the dashboard's own answer page: what to show (ÖVNING included), not who it is;
            // after a yes, where to go again (the person may open the link to look it up); once
            // relieved, that they are, and the gathering for a supportive talk.
            const answered =
              state.status === "accepted" || relieved
                ? "accepted"
                : state.status === "declined"
                  ? "declined"
                  : null;
            const body: AnswerLinkState = {
              organisationId: state.organisationId,
              group: state.group as RosterGroup,
              exercise: state.exercise,
              settled,
              incidentTitle: state.incidentTitle,
              answer: answered,
              ...(state.assignment ? { assignment: state.assignment } : {}),
              ...(relieved ? { relieved, gathering: state.gathering } : {}),
            };
            return c.json(body, settled ? 409 : 200);
          }
          const title = state.exercise ? "ÖVNING – Inkallelse" : "Inkallelse";
          const drill = state.exercise
            ? html`<p class="exercise"><strong>ÖVNING.</strong> Detta är en övning, inte en verklig händelse.</p>`
            : "";
          return htmlPage(
            c,
            page(
              title,
              html`${drill}${
                relieved
                  ? relievedPage(state.gathering)
                  : settled
                    ? html`<p>Du har redan svarat (${state.status === "accepted" ? "ja" : "nej"}). Tack!</p>`
                    : html`<p>Hej ${state.personName}! Du tillfrågas om insats i ${state.organisationId} (${state.group}).</p>
                <form method="post">
                  <input type="hidden" name="token" value="${token}" />
                  <label>Beräknad ankomst (minuter) <input type="number" name="etaMinutes" min="0" max="1440" /></label>
                  <button name="answer" value="accept">Ja, jag kommer</button>
                  <button name="answer" value="decline">Nej, jag kan inte</button>
                </form>`
              }`,
            ),
            settled ? 409 : 200,
          );
        } catch (error) {
          // JSON clients get the problem+json 401 of the error handler.
          if (error instanceof AnswerLinkError && !wantsJson) {
            const why = error.reason === "expired" ? "Länken har gått ut." : "Länken är inte giltig.";
            return htmlPage(c, page("Inkallelse", html`<p>${why}</p>`), 401);
          }
          throw error;
        }
      },
    )
    .post(
      "/:id/answer",
      route("call-out.answer", {
        summary: "Answer a call-out yes or no through its signed link",
        response: AnswerResult,
      }),
      validate("param", Params),
      // JSON callers (the dashboard) send an AnswerBody; the link's own page posts the same as a form.
      validateBody(AnswerBody, { form: true }),
      async (c) => {
        const { id } = c.req.valid("param");
        const form = (c.req.header("Content-Type") ?? "").includes("application/x-www-form-urlencoded");
        const result = await recordAnswer(db, context.outbox, parts, id, c.req.valid("json"));
        if (form) {
          return htmlPage(
            c,
            page(
              "Tack!",
              html`<p>Ditt svar är registrerat: ${result.status === "accepted" ? "ja" : "nej"}.</p>${
                result.assignment ? whereToGo(result.assignment) : ""
              }`,
            ),
            200,
          );
        }
        return c.json(result);
      },
    );
}

/** The page once the lead has relieved the person: thanks, and the gathering for a supportive talk. */
function relievedPage(gathering: string | null) {
  return html`<p>Du är avlöst. Tack för din insats!</p>
    <p>${gathering ? `Uppsamling och stödjande samtal: ${gathering}` : "Vill du ha ett stödjande samtal, hör av dig till ledningsgruppen."}</p>`;
}

/** The service's own page after a yes: the meeting place, the incident and a map link. */
function whereToGo(assignment: Assignment) {
  const { lat, lon } = assignment.incident.location;
  return html`<h2>Vart ska du?</h2>
    ${assignment.exercise ? html`<p><strong>ÖVNING.</strong></p>` : ""}
    <p>Samlingsplats: ${assignment.meetingPlace ?? "meddelas av POSOM-ledningen"}</p>
    ${assignment.task ? html`<p>Ditt uppdrag: ${assignment.task}</p>` : ""}
    <p>Händelse: ${assignment.incident.title}${assignment.incident.address ? `, ${assignment.incident.address}` : ""}</p>
    <p><a href="${osmLink(lat, lon)}">Händelsens plats på kartan</a></p>`;
}

/** OpenStreetMap at the incident, with a marker; opens the map app on most phones. */
export function osmLink(lat: number, lon: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/**
 * The link's own page. Sent as a body of type text/html rather than with `c.html`, whose untyped
 * Response would hide the route's JSON answers from the typed client (`hc`) of the dashboard.
 */
async function htmlPage<Status extends ContentfulStatusCode>(
  c: Context,
  content: ReturnType<typeof html>,
  status: Status,
) {
  return c.body(String(await content), status, { "Content-Type": "text/html; charset=UTF-8" });
}

function page(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="sv">
      <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" /><title>${title}</title>${raw(faviconLink)}</head>
      <body><h1>${title}</h1>${body}</body>
    </html>`;
}
