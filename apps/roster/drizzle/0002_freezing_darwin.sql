CREATE TABLE "roster"."deployments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"home_organisation_id" text NOT NULL,
	"receiving_organisation_id" text NOT NULL,
	"request_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"deployed_at" timestamp with time zone,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "deployments_offer_person_idx" ON "roster"."deployments" USING btree ("offer_id","person_id");--> statement-breakpoint
CREATE INDEX "deployments_active_person_idx" ON "roster"."deployments" USING btree ("person_id","receiving_organisation_id") WHERE "roster"."deployments"."released_at" is null;--> statement-breakpoint
CREATE INDEX "deployments_active_receiving_idx" ON "roster"."deployments" USING btree ("receiving_organisation_id") WHERE "roster"."deployments"."released_at" is null;