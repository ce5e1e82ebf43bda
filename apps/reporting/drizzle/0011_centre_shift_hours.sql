CREATE TABLE "reporting"."centre_shift_hours" (
	"shift_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"minutes_worked" integer NOT NULL,
	"minutes_outside_ordinary_hours" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "centre_shift_hours_incident_idx" ON "reporting"."centre_shift_hours" USING btree ("organisation_id","incident_id");