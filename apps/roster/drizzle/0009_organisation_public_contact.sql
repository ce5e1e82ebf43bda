ALTER TABLE "roster"."organisations" ADD COLUMN "public_phone" text;--> statement-breakpoint
ALTER TABLE "roster"."organisations" ADD COLUMN "public_email" text;--> statement-breakpoint
ALTER TABLE "roster"."organisations" ADD COLUMN "public_note" text;