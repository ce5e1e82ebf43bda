ALTER TABLE "roster"."organisations" ADD COLUMN "guideline_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "roster"."organisations" ADD COLUMN "network_met_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "roster"."organisations" ADD COLUMN "training_plan_at" timestamp with time zone;