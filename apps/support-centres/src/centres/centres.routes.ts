import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import {
  Centre,
  CentreStatus,
  CentreTemplate,
  CooperationPartner,
  CountyCode,
  CreateCentreBody,
  CreateCentreTemplateBody,
  CreateShiftBody,
  OrganisationId,
  PartnershipAnswerBody,
  RecordCooperationBody,
  Shift,
  ShiftClockBody,
  UpdateCentreTemplateBody,
} from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import type { CentresCountySettings } from "../county-settings.ts";
import type { SupportCentresSettings } from "../env.ts";
import { route } from "../policy.ts";
import { clockShift, listShifts, planShift } from "../staffing/shifts.store.ts";
import {
  answerPartnership,
  changeStatus,
  createCentre,
  findReadableCentre,
  listCentres,
  toCentre,
} from "./centres.store.ts";
import { recordCooperation } from "./cooperation.ts";
import { createTemplate, listTemplates, updateTemplate } from "./templates.ts";

const CentreParams = z.object({ id: z.uuid() });
const ShiftParams = z.object({ id: z.uuid(), shiftId: z.uuid() });
const CooperationParams = z.object({ id: z.uuid(), partner: CooperationPartner });
const CentreQuery = z.object({
  incidentId: z.uuid().optional(),
  status: CentreStatus.optional(),
  county: CountyCode.optional(),
});
const TemplateQuery = z.object({ organisationId: OrganisationId.optional() });

export function templateRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/",
      route("templates.list", {
        summary: "Premises prepared in advance where a centre can be opened",
        response: z.array(CentreTemplate),
      }),
      validate("query", TemplateQuery),
      async (c) => c.json(await listTemplates(db, c.req.valid("query").organisationId)),
    )
    .post(
      "/",
      route("templates.create", {
        summary: "Prepare premises and their equipment for the lead's organisation",
        response: { status: 201, schema: CentreTemplate },
      }),
      validate("json", CreateCentreTemplateBody),
      async (c) => c.json(await createTemplate(db, requirePrincipal(c), c.req.valid("json")), 201),
    )
    .patch(
      "/:id",
      route("templates.update", {
        summary: "Change the organisation's prepared premises: place, capacity, equipment",
        response: CentreTemplate,
      }),
      validate("param", CentreParams),
      validate("json", UpdateCentreTemplateBody),
      async (c) =>
        c.json(await updateTemplate(db, requirePrincipal(c), c.req.valid("param").id, c.req.valid("json"))),
    );
}

export function centreRoutes(
  context: ServiceContext,
  settings: SupportCentresSettings,
  county: CentresCountySettings,
) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AuthEnv>()
    .post(
      "/",
      route("centres.create", {
        summary: "Create a support centre (POSOM, PKL or joint) for an incident",
        response: { status: 201, schema: Centre },
      }),
      validate("json", CreateCentreBody),
      async (c) => {
        const centre = await createCentre(db, outbox, county, requirePrincipal(c), c.req.valid("json"));
        return c.json(centre, 201, { Location: `/centres/${centre.id}` });
      },
    )
    .get(
      "/",
      route("centres.list", {
        summary: "Centres of the caller's county and those its organisation runs",
        response: z.array(Centre),
      }),
      validate("query", CentreQuery),
      async (c) => {
        const query = c.req.valid("query");
        return c.json(
          await listCentres(db, requirePrincipal(c), {
            incidentId: query.incidentId,
            status: query.status,
            countyCode: query.county,
          }),
        );
      },
    )
    .get(
      "/:id",
      route("centres.read", {
        summary: "One centre; counts are exact for its operators, suppressed below 5 for others",
        response: Centre,
      }),
      validate("param", CentreParams),
      async (c) => {
        const principal = requirePrincipal(c);
        const row = await findReadableCentre(db, principal, c.req.valid("param").id);
        return c.json(toCentre(row, principal));
      },
    )
    .post(
      "/:id/open",
      route("centres.change-status", { summary: "Open a planned centre", response: Centre }),
      validate("param", CentreParams),
      async (c) =>
        c.json(await changeStatus(db, outbox, requirePrincipal(c), c.req.valid("param").id, "open")),
    )
    .put(
      "/:id/cooperation/:partner",
      route("centres.cooperation", {
        summary: "Record a cooperation partner as contacted or not needed",
        response: Centre,
      }),
      validate("param", CooperationParams),
      validate("json", RecordCooperationBody),
      async (c) => {
        const { id, partner } = c.req.valid("param");
        const { status } = c.req.valid("json");
        return c.json(await recordCooperation(db, requirePrincipal(c), id, partner, status));
      },
    )
    .post(
      "/:id/close",
      route("centres.change-status", { summary: "Close a centre", response: Centre }),
      validate("param", CentreParams),
      async (c) =>
        c.json(await changeStatus(db, outbox, requirePrincipal(c), c.req.valid("param").id, "close")),
    )
    .post(
      "/:id/partnership",
      route("centres.partnership", {
        summary: "The named co-operator of a joint centre accepts or declines",
        response: Centre,
      }),
      validate("param", CentreParams),
      validate("json", PartnershipAnswerBody),
      async (c) =>
        c.json(
          await answerPartnership(
            db,
            outbox,
            requirePrincipal(c),
            c.req.valid("param").id,
            c.req.valid("json").answer,
          ),
        ),
    )
    .post(
      "/:id/shifts",
      route("shifts.plan", {
        summary: "Plan a shift at the centre",
        response: { status: 201, schema: Shift },
      }),
      validate("param", CentreParams),
      validate("json", CreateShiftBody),
      async (c) => {
        const shift = await planShift(db, requirePrincipal(c), c.req.valid("param").id, c.req.valid("json"));
        return c.json(shift, 201);
      },
    )
    .get(
      "/:id/shifts",
      route("shifts.list", { summary: "The centre's shifts", response: z.array(Shift) }),
      validate("param", CentreParams),
      async (c) => c.json(await listShifts(db, requirePrincipal(c), c.req.valid("param").id)),
    )
    .post(
      "/:id/shifts/:shiftId/check-in",
      route("shifts.clock", { summary: "Check in to a shift", response: Shift }),
      validate("param", ShiftParams),
      validate("json", ShiftClockBody),
      async (c) => {
        const { id, shiftId } = c.req.valid("param");
        const at = c.req.valid("json").at;
        return c.json(
          await clockShift(
            db,
            outbox,
            settings,
            requirePrincipal(c),
            id,
            shiftId,
            "check-in",
            at ? new Date(at) : new Date(),
          ),
        );
      },
    )
    .post(
      "/:id/shifts/:shiftId/check-out",
      route("shifts.clock", { summary: "Check out of a shift", response: Shift }),
      validate("param", ShiftParams),
      validate("json", ShiftClockBody),
      async (c) => {
        const { id, shiftId } = c.req.valid("param");
        const at = c.req.valid("json").at;
        return c.json(
          await clockShift(
            db,
            outbox,
            settings,
            requirePrincipal(c),
            id,
            shiftId,
            "check-out",
            at ? new Date(at) : new Date(),
          ),
        );
      },
    );
}
