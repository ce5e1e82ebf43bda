CREATE TABLE "activation"."faith_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"county_board_id" text NOT NULL,
	"county_code" text NOT NULL,
	"need" text NOT NULL,
	"convene" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision" text,
	"answer" text,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "activation"."faith_requests" ADD CONSTRAINT "faith_requests_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "activation"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "faith_requests_board_idx" ON "activation"."faith_requests" USING btree ("county_board_id","created_at");--> statement-breakpoint
CREATE INDEX "faith_requests_org_idx" ON "activation"."faith_requests" USING btree ("organisation_id","created_at");