ALTER TABLE "reporting"."activations" ADD COLUMN "group" text;--> statement-breakpoint
ALTER TABLE "reporting"."activations" ADD COLUMN "parent_id" uuid;