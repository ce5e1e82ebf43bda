ALTER TABLE "activation"."call_outs" ADD COLUMN "relieved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activation"."call_outs" ADD COLUMN "relief_gathering" text;