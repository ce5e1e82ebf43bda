import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import {
  ChildHandover,
  ChildHandoverBody,
  LanguageHelp,
  LinkGuardianBody,
  PhoneContactBody,
  VisitorArrivalBody,
  VisitorDetails,
  VisitorReferral,
  VisitorReferralBody,
  VisitorSummary,
} from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { languageHelp } from "../language/language-help.ts";
import type { RosterLanguages } from "../language/roster-languages.ts";
import { route } from "../policy.ts";
import type { ArrivalRecorder } from "./arrival.ts";
import {
  handOverChild,
  linkGuardian,
  listVisitorDetails,
  listVisitors,
  readVisitor,
  recordDeparture,
  referVisitor,
} from "./visitors.store.ts";

const CentreParams = z.object({ id: z.uuid() });
const VisitorParams = z.object({ id: z.uuid(), visitorId: z.uuid() });
const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const VisitorFilter = z.object({
  present: flag.optional(),
  unaccompanied: flag.optional(),
});
/**
 * `details=true`: with each registered visitor's personal data (every record shown is an audited
 * read); GET /centres/:id/visitors/details answers the same with its own type.
 */
const VisitorQuery = VisitorFilter.extend({ details: flag.optional() });

/** Mounted at /centres/:id/phone-contacts: the telephone line for relatives. `no-store`. */
export function phoneContactRoutes(recordArrival: ArrivalRecorder) {
  return new Hono<AuthEnv>().post(
    "/",
    route("visitors.phone-contact", {
      summary: "Log a call to the centre's telephone line for relatives",
      response: { status: 201, schema: VisitorSummary },
      personalData: true,
    }),
    validate("param", CentreParams),
    validate("json", PhoneContactBody),
    async (c) => {
      const contact = await recordArrival(
        requirePrincipal(c),
        c.req.valid("param").id,
        c.req.valid("json"),
        "phone",
      );
      return c.json(contact, 201);
    },
  );
}

/** Mounted at /centres/:id/visitors. Every response is `no-store`. */
export function visitorRoutes(
  context: ServiceContext,
  roster: RosterLanguages,
  recordArrival: ArrivalRecorder,
) {
  const { db } = context.database;
  return (
    new Hono<AuthEnv>()

      .post(
        "/",
        route("visitors.arrive", {
          summary: "Register a visitor's arrival (PKL registers everyone; POSOM visitors may stay anonymous)",
          response: { status: 201, schema: VisitorSummary },
          personalData: true,
        }),
        validate("param", CentreParams),
        validate("json", VisitorArrivalBody),
        async (c) => {
          const visitor = await recordArrival(
            requirePrincipal(c),
            c.req.valid("param").id,
            c.req.valid("json"),
          );
          return c.json(visitor, 201);
        },
      )
      .get(
        "/",
        route("visitors.list", {
          summary:
            "The centre's visitors received by the caller's organisation (details=true, kept for older clients: as /details)",
          response: z.array(z.union([VisitorDetails, VisitorSummary])),
          personalData: true,
        }),
        validate("param", CentreParams),
        validate("query", VisitorQuery),
        async (c) => {
          const { details, ...filter } = c.req.valid("query");
          const principal = requirePrincipal(c);
          const centreId = c.req.valid("param").id;
          return c.json(
            details
              ? await listVisitorDetails(db, principal, centreId, filter)
              : await listVisitors(db, principal, centreId, filter),
          );
        },
      )
      // Before "/:visitorId", which would take "details" for a visitor's id.
      .get(
        "/details",
        route("visitors.list", {
          summary:
            "The centre's visitors received by the caller's organisation, with their personal data (audited)",
          response: z.array(VisitorDetails),
          personalData: true,
        }),
        validate("param", CentreParams),
        validate("query", VisitorFilter),
        async (c) => {
          const principal = requirePrincipal(c);
          return c.json(
            await listVisitorDetails(db, principal, c.req.valid("param").id, c.req.valid("query")),
          );
        },
      )
      .get(
        "/:visitorId",
        route("visitors.read", {
          summary: "One visitor's record (an audited read)",
          response: VisitorDetails,
          personalData: true,
        }),
        validate("param", VisitorParams),
        async (c) => {
          const { id, visitorId } = c.req.valid("param");
          return c.json(await readVisitor(db, requirePrincipal(c), id, visitorId));
        },
      )
      .get(
        "/:visitorId/language-help",
        route("visitors.language-help", {
          summary: "Who can speak this visitor's language: staff on shift, then the roster",
          response: LanguageHelp,
          personalData: true,
        }),
        validate("param", VisitorParams),
        async (c) => {
          const { id, visitorId } = c.req.valid("param");
          return c.json(await languageHelp(db, roster, requirePrincipal(c), id, visitorId));
        },
      )
      .post(
        "/:visitorId/departure",
        route("visitors.depart", {
          summary: "Record that a visitor left the centre",
          response: VisitorSummary,
          personalData: true,
        }),
        validate("param", VisitorParams),
        async (c) => {
          const { id, visitorId } = c.req.valid("param");
          return c.json(await recordDeparture(db, requirePrincipal(c), id, visitorId));
        },
      )
      .post(
        "/:visitorId/referrals",
        route("visitors.refer", {
          summary: "Record that a visitor was referred on to another service (vårdcentral, BUP, …)",
          response: { status: 201, schema: VisitorReferral },
          personalData: true,
        }),
        validate("param", VisitorParams),
        validate("json", VisitorReferralBody),
        async (c) => {
          const { id, visitorId } = c.req.valid("param");
          return c.json(
            await referVisitor(db, requirePrincipal(c), id, visitorId, c.req.valid("json").to),
            201,
          );
        },
      )
      .post(
        "/:visitorId/guardian",
        route("children.link-guardian", {
          summary: "Link a child to the visitor who is its guardian",
          response: VisitorSummary,
          personalData: true,
        }),
        validate("param", VisitorParams),
        validate("json", LinkGuardianBody),
        async (c) => {
          const { id, visitorId } = c.req.valid("param");
          const { guardianVisitorId } = c.req.valid("json");
          return c.json(await linkGuardian(db, requirePrincipal(c), id, visitorId, guardianVisitorId));
        },
      )
      .post(
        "/:visitorId/handovers",
        route("children.handover", {
          summary: "Hand a child over to a guardian, with how the guardian was verified",
          response: { status: 201, schema: ChildHandover },
          personalData: true,
        }),
        validate("param", VisitorParams),
        validate("json", ChildHandoverBody),
        async (c) => {
          const { id, visitorId } = c.req.valid("param");
          return c.json(
            await handOverChild(db, requirePrincipal(c), id, visitorId, c.req.valid("json")),
            201,
          );
        },
      )
  );
}
