ALTER TABLE "activation"."incidents" ADD COLUMN "extraordinary_since" timestamp with time zone;--> statement-breakpoint
-- Incidents opened as extraordinary before this column: their reports were due from the occurrence.
UPDATE "activation"."incidents" SET "extraordinary_since" = "occurred_at" WHERE "extraordinary";
