ALTER TABLE "activation"."aid_requests" DROP CONSTRAINT "aid_requests_incident_id_incidents_id_fk";
--> statement-breakpoint
ALTER TABLE "activation"."aid_offers" ADD COLUMN "lead" jsonb;--> statement-breakpoint
ALTER TABLE "activation"."aid_offers" ADD COLUMN "remote" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "activation"."aid_requests" ADD COLUMN "contact" jsonb;--> statement-breakpoint
ALTER TABLE "activation"."aid_requests" ADD COLUMN "remote" boolean DEFAULT false NOT NULL;