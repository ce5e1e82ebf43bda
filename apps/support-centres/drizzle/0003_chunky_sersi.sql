ALTER TABLE "support_centres"."centres" ADD COLUMN "partner_organisation_id" text;--> statement-breakpoint
ALTER TABLE "support_centres"."centres" ADD COLUMN "partnership" text;--> statement-breakpoint
ALTER TABLE "support_centres"."centres" ADD COLUMN "partnership_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_centres"."centres" ADD COLUMN "partnership_answered_by" text;