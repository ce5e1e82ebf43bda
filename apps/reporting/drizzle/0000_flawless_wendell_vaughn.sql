CREATE SCHEMA "reporting";
--> statement-breakpoint
CREATE TABLE "reporting"."dead_letters" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"consumer" text NOT NULL,
	"subject" text NOT NULL,
	"stream_sequence" bigint,
	"reason" text NOT NULL,
	"payload" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting"."feed" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"change" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "reporting"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "reporting"."picture_incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"address" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"affected_municipalities" text[] NOT NULL,
	"extraordinary" boolean NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "feed_county_seq_idx" ON "reporting"."feed" USING btree ("county_code","seq");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "reporting"."outbox" USING btree ("seq") WHERE "reporting"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "picture_incidents_county_status_idx" ON "reporting"."picture_incidents" USING btree ("county_code","status");