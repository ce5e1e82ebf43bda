CREATE TABLE "reporting"."activations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"incident_id" uuid,
	"kind" text NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reporting"."costs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activation_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"category" text NOT NULL,
	"amount_ore" bigint NOT NULL,
	"note" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting"."evaluations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"activation_ids" uuid[] NOT NULL,
	"organisation_ids" text[] NOT NULL,
	"joint" boolean NOT NULL,
	"owner_name" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"what_happened" text NOT NULL,
	"what_worked" text NOT NULL,
	"what_to_change" text NOT NULL,
	"lessons" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reporting"."logbook_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"logbook" text NOT NULL,
	"person_id" text NOT NULL,
	"author_id" text NOT NULL,
	"author_name" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"text" text NOT NULL,
	"corrects_entry_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reporting"."participants" (
	"activation_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"person_name" text,
	"role" text,
	"minutes" integer DEFAULT 0 NOT NULL,
	"minutes_outside_working_time" integer DEFAULT 0 NOT NULL,
	"debrief_status" text DEFAULT 'not-offered' NOT NULL,
	"debrief_offered_at" timestamp with time zone,
	"debrief_answered_at" timestamp with time zone,
	"debrief_held_at" timestamp with time zone,
	CONSTRAINT "participants_activation_id_person_id_pk" PRIMARY KEY("activation_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "reporting"."picture_items" (
	"section" text NOT NULL,
	"id" text NOT NULL,
	"county_code" text NOT NULL,
	"item" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "picture_items_section_id_pk" PRIMARY KEY("section","id")
);
--> statement-breakpoint
CREATE TABLE "reporting"."situation_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"version" integer NOT NULL,
	"situation" text NOT NULL,
	"consequences" text NOT NULL,
	"actions_taken" text NOT NULL,
	"support_centres" text NOT NULL,
	"resources_and_needs" text NOT NULL,
	"next_report_due" timestamp with time zone,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reporting"."costs" ADD CONSTRAINT "costs_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "reporting"."activations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting"."logbook_entries" ADD CONSTRAINT "logbook_entries_corrects_entry_id_logbook_entries_id_fk" FOREIGN KEY ("corrects_entry_id") REFERENCES "reporting"."logbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting"."participants" ADD CONSTRAINT "participants_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "reporting"."activations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activations_county_time_idx" ON "reporting"."activations" USING btree ("county_code","activated_at");--> statement-breakpoint
CREATE INDEX "activations_org_time_idx" ON "reporting"."activations" USING btree ("organisation_id","activated_at");--> statement-breakpoint
CREATE INDEX "costs_activation_idx" ON "reporting"."costs" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "evaluations_county_idx" ON "reporting"."evaluations" USING btree ("county_code","created_at");--> statement-breakpoint
CREATE INDEX "logbook_entries_book_idx" ON "reporting"."logbook_entries" USING btree ("incident_id","organisation_id","logbook","person_id","id");--> statement-breakpoint
CREATE INDEX "logbook_entries_corrects_idx" ON "reporting"."logbook_entries" USING btree ("corrects_entry_id");--> statement-breakpoint
CREATE INDEX "participants_person_idx" ON "reporting"."participants" USING btree ("organisation_id","person_id");--> statement-breakpoint
CREATE INDEX "picture_items_county_idx" ON "reporting"."picture_items" USING btree ("county_code","active");--> statement-breakpoint
CREATE UNIQUE INDEX "situation_reports_version_idx" ON "reporting"."situation_reports" USING btree ("incident_id","organisation_id","version");--> statement-breakpoint
CREATE INDEX "situation_reports_county_idx" ON "reporting"."situation_reports" USING btree ("county_code","incident_id");--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): logbook entries and situation-report versions
-- are append-only in the database itself, so no route, script or bug can edit or delete one.
CREATE FUNCTION "reporting"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed: the table is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "logbook_entries_append_only" BEFORE UPDATE OR DELETE ON "reporting"."logbook_entries"
  FOR EACH ROW EXECUTE FUNCTION "reporting"."refuse_change"();--> statement-breakpoint
CREATE TRIGGER "logbook_entries_no_truncate" BEFORE TRUNCATE ON "reporting"."logbook_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "reporting"."refuse_change"();--> statement-breakpoint
CREATE TRIGGER "situation_reports_append_only" BEFORE UPDATE OR DELETE ON "reporting"."situation_reports"
  FOR EACH ROW EXECUTE FUNCTION "reporting"."refuse_change"();--> statement-breakpoint
CREATE TRIGGER "situation_reports_no_truncate" BEFORE TRUNCATE ON "reporting"."situation_reports"
  FOR EACH STATEMENT EXECUTE FUNCTION "reporting"."refuse_change"();
