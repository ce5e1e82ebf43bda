CREATE TABLE "roster"."network_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"held_on" date NOT NULL,
	"organisations" text[] NOT NULL,
	"note" text,
	"guideline_reviewed" boolean DEFAULT false NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "network_meetings_county_idx" ON "roster"."network_meetings" USING btree ("county_code","held_on");