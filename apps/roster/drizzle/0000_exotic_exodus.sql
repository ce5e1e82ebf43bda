CREATE SCHEMA "roster";
--> statement-breakpoint
CREATE TABLE "roster"."authorised_functions" (
	"organisation_id" text NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "authorised_functions_organisation_id_id_pk" PRIMARY KEY("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "roster"."call_list_entries" (
	"organisation_id" text NOT NULL,
	"group" text NOT NULL,
	"person_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "call_list_entries_organisation_id_group_person_id_pk" PRIMARY KEY("organisation_id","group","person_id")
);
--> statement-breakpoint
CREATE TABLE "roster"."dead_letters" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"consumer" text NOT NULL,
	"subject" text NOT NULL,
	"stream_sequence" bigint,
	"reason" text NOT NULL,
	"payload" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "roster"."neighbours" (
	"organisation_id" text NOT NULL,
	"neighbour_id" text NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "neighbours_organisation_id_neighbour_id_pk" PRIMARY KEY("organisation_id","neighbour_id")
);
--> statement-breakpoint
CREATE TABLE "roster"."organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"county_code" text NOT NULL,
	"municipality_code" text,
	"lat" double precision,
	"lon" double precision,
	"call_list_reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster"."outbox" (
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
CREATE TABLE "roster"."people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"role" text NOT NULL,
	"workplace" text NOT NULL,
	"employer" text NOT NULL,
	"phones" text[] NOT NULL,
	"primary_phone" text,
	"email" text,
	"languages" text[] NOT NULL,
	"manager_approval" boolean,
	"activator_function_id" text,
	"user_id" text,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster"."readiness_snapshots" (
	"organisation_id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"score" integer NOT NULL,
	"signature" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster"."training_attendees" (
	"training_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "training_attendees_training_id_person_id_pk" PRIMARY KEY("training_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "roster"."trainings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"organiser" text NOT NULL,
	"covers" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster"."unavailability" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "roster"."authorised_functions" ADD CONSTRAINT "authorised_functions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."call_list_entries" ADD CONSTRAINT "call_list_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."call_list_entries" ADD CONSTRAINT "call_list_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "roster"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."neighbours" ADD CONSTRAINT "neighbours_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."neighbours" ADD CONSTRAINT "neighbours_neighbour_id_organisations_id_fk" FOREIGN KEY ("neighbour_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."people" ADD CONSTRAINT "people_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."readiness_snapshots" ADD CONSTRAINT "readiness_snapshots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."training_attendees" ADD CONSTRAINT "training_attendees_training_id_trainings_id_fk" FOREIGN KEY ("training_id") REFERENCES "roster"."trainings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."training_attendees" ADD CONSTRAINT "training_attendees_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "roster"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."trainings" ADD CONSTRAINT "trainings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "roster"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster"."unavailability" ADD CONSTRAINT "unavailability_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "roster"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_list_position_idx" ON "roster"."call_list_entries" USING btree ("organisation_id","group","position");--> statement-breakpoint
CREATE INDEX "organisations_county_idx" ON "roster"."organisations" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "roster"."outbox" USING btree ("seq") WHERE "roster"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "people_organisation_idx" ON "roster"."people" USING btree ("organisation_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "people_organisation_phone_idx" ON "roster"."people" USING btree ("organisation_id","primary_phone") WHERE "roster"."people"."primary_phone" is not null;--> statement-breakpoint
CREATE INDEX "training_attendees_person_idx" ON "roster"."training_attendees" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "trainings_organisation_idx" ON "roster"."trainings" USING btree ("organisation_id","date");--> statement-breakpoint
CREATE INDEX "unavailability_person_idx" ON "roster"."unavailability" USING btree ("person_id","to_at");