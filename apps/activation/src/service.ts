import { fileURLToPath } from "node:url";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { tables } from "./db/schema.ts";

export const activationService: ServiceDefinition = {
  name: "activation",
  schemaName: "activation",
  migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
  tables,
  buildApp: createApp,
};
