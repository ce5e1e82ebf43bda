import { DecideActivationBody, FallbackBody } from "@krisstod/contracts";
import { type AppEnv, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import type { ActivationParts } from "../parts.ts";
import { decideActivation, fallBack, findActivation } from "./activations.store.ts";

const Params = z.object({ id: z.uuid() });

export function activationRoutes(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  return new Hono<AppEnv>()
    .post("/", validate("json", DecideActivationBody), async (c) => {
      const activation = await decideActivation(db, context.outbox, parts, c.req.valid("json"));
      c.header("Cache-Control", "no-store");
      return c.json(activation, 201, { Location: `/activations/${activation.id}` });
    })
    .get("/:id", validate("param", Params), async (c) => {
      const activation = await findActivation(db, c.req.valid("param").id);
      if (!activation) throw new NotFoundError("No such activation.");
      // Names of the people called are personal data.
      c.header("Cache-Control", "no-store");
      return c.json(activation);
    })
    .post("/:id/fallback", validate("param", Params), validate("json", FallbackBody), async (c) => {
      const activation = await fallBack(
        db,
        context.outbox,
        parts,
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      c.header("Cache-Control", "no-store");
      return c.json(activation, 201, { Location: `/activations/${activation.id}` });
    });
}
