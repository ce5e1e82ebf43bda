CREATE TABLE "activation"."region_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"region_id" text NOT NULL,
	"county_code" text NOT NULL,
	"competence" text NOT NULL,
	"quantity" integer NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision" text,
	"answer" text,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "activation"."region_requests" ADD CONSTRAINT "region_requests_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "activation"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "region_requests_region_idx" ON "activation"."region_requests" USING btree ("region_id","created_at");--> statement-breakpoint
CREATE INDEX "region_requests_org_idx" ON "activation"."region_requests" USING btree ("organisation_id","created_at");