CREATE TABLE "activation"."centre_staff" (
	"shift_id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"person_id" text NOT NULL,
	"home_organisation_id" text NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation"."debrief_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"home_organisation_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"activation_id" uuid NOT NULL,
	"via" text NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"messages_written_at" timestamp with time zone,
	"sent_by" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activation"."messages" ADD COLUMN "kind" text DEFAULT 'call-out' NOT NULL;--> statement-breakpoint
CREATE INDEX "centre_staff_incident_org_idx" ON "activation"."centre_staff" USING btree ("incident_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "debrief_offers_incident_person_idx" ON "activation"."debrief_offers" USING btree ("incident_id","person_id");--> statement-breakpoint
CREATE INDEX "debrief_offers_person_idx" ON "activation"."debrief_offers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "debrief_offers_unwritten_idx" ON "activation"."debrief_offers" USING btree ("offered_at") WHERE "activation"."debrief_offers"."messages_written_at" is null;