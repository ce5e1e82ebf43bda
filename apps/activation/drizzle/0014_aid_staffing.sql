ALTER TABLE "activation"."aid_offers" ADD COLUMN "on_site" integer;--> statement-breakpoint
ALTER TABLE "activation"."aid_offers" ADD COLUMN "released" integer;--> statement-breakpoint
ALTER TABLE "activation"."aid_offers" ADD COLUMN "staffing_at" timestamp with time zone;