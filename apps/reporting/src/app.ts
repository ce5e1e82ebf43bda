import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import type { FeedHub } from "./picture/feed-hub.ts";
import { pictureRoutes } from "./picture/picture.routes.ts";

export function createApp(context: ServiceContext, hub: FeedHub) {
  return createServiceApp({
    service: "reporting",
    logger: context.logger,
    readiness: context.readiness,
  }).route("/", pictureRoutes(context.database.db, hub));
}
export type ReportingApp = ReturnType<typeof createApp>;
