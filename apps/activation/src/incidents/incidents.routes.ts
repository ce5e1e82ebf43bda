import { CountyCode, CreateIncidentBody } from "@krisstod/contracts";
import { type AppEnv, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { listActivations } from "../activations/activations.store.ts";
import { closeIncident, findIncident, listIncidents, openIncident } from "./incidents.store.ts";

const IncidentParams = z.object({ id: z.uuid() });
const IncidentQuery = z.object({ county: CountyCode.optional() });

export function incidentRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AppEnv>()
    .post("/", validate("json", CreateIncidentBody), async (c) => {
      const incident = await openIncident(db, context.outbox, c.req.valid("json"));
      return c.json(incident, 201, { Location: `/incidents/${incident.id}` });
    })
    .get("/", validate("query", IncidentQuery), async (c) => {
      return c.json(await listIncidents(db, { countyCode: c.req.valid("query").county }));
    })
    .get("/:id", validate("param", IncidentParams), async (c) => {
      const incident = await findIncident(db, c.req.valid("param").id);
      if (!incident) throw new NotFoundError("No such incident.");
      return c.json(incident);
    })
    .post("/:id/close", validate("param", IncidentParams), async (c) => {
      return c.json(await closeIncident(db, context.outbox, c.req.valid("param").id));
    })
    .get("/:id/activations", validate("param", IncidentParams), async (c) => {
      const { id } = c.req.valid("param");
      if (!(await findIncident(db, id))) throw new NotFoundError("No such incident.");
      // The linked activations of every organisation (POSOM of several municipalities, PKL).
      c.header("Cache-Control", "no-store");
      return c.json(await listActivations(db, id));
    });
}
