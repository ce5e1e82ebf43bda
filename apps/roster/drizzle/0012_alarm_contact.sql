ALTER TABLE "roster"."organisations" ADD COLUMN "alarm_phone" text;--> statement-breakpoint
ALTER TABLE "roster"."organisations" ADD COLUMN "alarm_email" text;--> statement-breakpoint
ALTER TABLE "roster"."organisations" ADD COLUMN "alarm_note" text;