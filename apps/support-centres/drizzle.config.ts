import { defineConfig } from "drizzle-kit";

// Generates this service's migrations from its schema; applied at start by migrate().
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  schemaFilter: ["support_centres"],
});
