CREATE TABLE "roster"."action_plans" (
	"organisation_id" text PRIMARY KEY NOT NULL,
	"steps" text[] NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"reviewed_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "roster"."action_plans" ADD CONSTRAINT "action_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;