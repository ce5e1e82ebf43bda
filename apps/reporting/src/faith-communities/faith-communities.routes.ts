import type { AuthEnv } from "@krisstod/auth";
import {
  CountyCode,
  FaithCommunity,
  FaithCommunityBody,
  MunicipalityCode,
  UpdateFaithCommunityBody,
} from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, assertKeepsFaithCommunities, assertReadsFaithCommunities, route } from "../access.ts";
import {
  createCommunity,
  deleteCommunity,
  listCommunities,
  readCommunity,
  updateCommunity,
} from "./faith-communities.store.ts";

const IdParams = z.object({ id: z.uuid() });
const ListQuery = z.object({ county: CountyCode.optional(), municipality: MunicipalityCode.optional() });

/** Länsstyrelsen's faith-community contact list: kept by the county board, read by POSOM/PKL leads. */
export function faithCommunityRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/faith-communities",
      route("faith-communities.read", {
        summary: "Länsstyrelsen's contact list of faith communities (trossamfund)",
        response: z.array(FaithCommunity),
        personalData: true,
      }),
      validate("query", ListQuery),
      async (c) => {
        const actor = actorOf(c);
        const { county = actor.countyCode, municipality } = c.req.valid("query");
        assertReadsFaithCommunities(actor, county);
        return c.json(await listCommunities(db, actor, county, municipality));
      },
    )
    .post(
      "/faith-communities",
      route("faith-communities.manage", {
        summary: "Add a faith community's contact",
        response: { status: 201, schema: FaithCommunity },
        personalData: true,
      }),
      validate("json", FaithCommunityBody),
      async (c) => {
        const actor = actorOf(c);
        assertKeepsFaithCommunities(actor, actor.countyCode);
        return c.json(await createCommunity(db, actor, actor.countyCode, c.req.valid("json")), 201);
      },
    )
    .get(
      "/faith-communities/:id",
      route("faith-communities.read", {
        summary: "One faith community's contact",
        response: FaithCommunity,
        personalData: true,
      }),
      validate("param", IdParams),
      async (c) => {
        const actor = actorOf(c);
        const community = await readCommunity(db, actor, c.req.valid("param").id, (county) =>
          assertReadsFaithCommunities(actor, county),
        );
        return c.json(community);
      },
    )
    .patch(
      "/faith-communities/:id",
      route("faith-communities.manage", {
        summary: "Change a faith community's contact",
        response: FaithCommunity,
        personalData: true,
      }),
      validate("param", IdParams),
      validate("json", UpdateFaithCommunityBody),
      async (c) => {
        const actor = actorOf(c);
        const community = await updateCommunity(
          db,
          actor,
          c.req.valid("param").id,
          c.req.valid("json"),
          (county) => assertKeepsFaithCommunities(actor, county),
        );
        return c.json(community);
      },
    )
    .delete(
      "/faith-communities/:id",
      route("faith-communities.manage", {
        summary: "Remove a faith community's contact",
        response: { status: 204 },
      }),
      validate("param", IdParams),
      async (c) => {
        const actor = actorOf(c);
        await deleteCommunity(db, actor, c.req.valid("param").id, (county) =>
          assertKeepsFaithCommunities(actor, county),
        );
        return c.body(null, 204);
      },
    );
}
