ALTER TABLE "reporting"."activations" ADD COLUMN "exercise" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reporting"."evaluations" ADD COLUMN "owner_person_id" text;--> statement-breakpoint
ALTER TABLE "reporting"."evaluations" ADD COLUMN "exercise" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reporting"."picture_incidents" ADD COLUMN "exercise" boolean DEFAULT false NOT NULL;