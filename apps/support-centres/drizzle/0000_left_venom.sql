CREATE SCHEMA "support_centres";
--> statement-breakpoint
CREATE TABLE "support_centres"."audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" text NOT NULL,
	"actor_organisation_id" text NOT NULL,
	"action" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"subject_organisation_id" text NOT NULL,
	"incident_id" uuid,
	"reason" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."centre_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"operator" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"functions" text[] NOT NULL,
	"capacity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."centres" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"operator" text NOT NULL,
	"posom_organisation_id" text,
	"pkl_organisation_id" text,
	"name" text NOT NULL,
	"address" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"functions" text[] NOT NULL,
	"capacity" integer NOT NULL,
	"opening_from" text,
	"opening_to" text,
	"status" text NOT NULL,
	"distance_from_incident_m" double precision,
	"placement_warning" text,
	"present" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"children" integer DEFAULT 0 NOT NULL,
	"registered" integer DEFAULT 0 NOT NULL,
	"anonymous" integer DEFAULT 0 NOT NULL,
	"unaccompanied_children" integer DEFAULT 0 NOT NULL,
	"published_counts" jsonb,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"personal_data_deleted_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."child_handovers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"child_visitor_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"handed_to_name" text NOT NULL,
	"handed_to_relation" text NOT NULL,
	"verified_how" text NOT NULL,
	"verification_note" text,
	"handed_over_by_user_id" text NOT NULL,
	"handed_over_by_name" text NOT NULL,
	"handed_over_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."dead_letters" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"consumer" text NOT NULL,
	"subject" text NOT NULL,
	"stream_sequence" bigint,
	"reason" text NOT NULL,
	"payload" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "support_centres"."incident_locations" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."outbox" (
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
CREATE TABLE "support_centres"."reunifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"seeker_visitor_id" uuid NOT NULL,
	"found_visitor_id" uuid NOT NULL,
	"matched_by_user_id" text NOT NULL,
	"matched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"centre_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"person_name" text NOT NULL,
	"home_organisation_id" text NOT NULL,
	"via_mutual_aid" boolean NOT NULL,
	"planned_start" timestamp with time zone NOT NULL,
	"planned_end" timestamp with time zone NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"minutes_worked" integer,
	"minutes_outside_ordinary_hours" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."visitor_personal_data" (
	"visitor_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"name" text NOT NULL,
	"personnummer" text,
	"date_of_birth" text,
	"phone" text,
	"relation" text NOT NULL,
	"looking_for" text,
	"special_needs" text,
	"language" text,
	"consent_to_follow_up" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_centres"."visitors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"centre_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"received_by" text NOT NULL,
	"receiving_organisation_id" text NOT NULL,
	"registered" boolean NOT NULL,
	"child" boolean NOT NULL,
	"child_age" integer,
	"guardian_visitor_id" uuid,
	"arrived_at" timestamp with time zone NOT NULL,
	"departed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "support_centres"."child_handovers" ADD CONSTRAINT "child_handovers_child_visitor_id_visitors_id_fk" FOREIGN KEY ("child_visitor_id") REFERENCES "support_centres"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_centres"."reunifications" ADD CONSTRAINT "reunifications_seeker_visitor_id_visitors_id_fk" FOREIGN KEY ("seeker_visitor_id") REFERENCES "support_centres"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_centres"."reunifications" ADD CONSTRAINT "reunifications_found_visitor_id_visitors_id_fk" FOREIGN KEY ("found_visitor_id") REFERENCES "support_centres"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_centres"."shifts" ADD CONSTRAINT "shifts_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "support_centres"."centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_centres"."visitor_personal_data" ADD CONSTRAINT "visitor_personal_data_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "support_centres"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_centres"."visitors" ADD CONSTRAINT "visitors_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "support_centres"."centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_subject_org_idx" ON "support_centres"."audit_log" USING btree ("subject_organisation_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_org_idx" ON "support_centres"."audit_log" USING btree ("actor_organisation_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "centre_templates_org_name_idx" ON "support_centres"."centre_templates" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "centres_incident_idx" ON "support_centres"."centres" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "centres_county_status_idx" ON "support_centres"."centres" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "child_handovers_child_idx" ON "support_centres"."child_handovers" USING btree ("child_visitor_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "support_centres"."outbox" USING btree ("seq") WHERE "support_centres"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "shifts_centre_start_idx" ON "support_centres"."shifts" USING btree ("centre_id","planned_start");--> statement-breakpoint
CREATE INDEX "visitor_pd_incident_org_pnr_idx" ON "support_centres"."visitor_personal_data" USING btree ("incident_id","organisation_id","personnummer");--> statement-breakpoint
CREATE INDEX "visitor_pd_incident_org_dob_idx" ON "support_centres"."visitor_personal_data" USING btree ("incident_id","organisation_id","date_of_birth");--> statement-breakpoint
CREATE INDEX "visitors_centre_arrived_idx" ON "support_centres"."visitors" USING btree ("centre_id","arrived_at");--> statement-breakpoint
CREATE INDEX "visitors_incident_org_idx" ON "support_centres"."visitors" USING btree ("incident_id","receiving_organisation_id");--> statement-breakpoint
-- Added by hand from auditGuardSql() of @krisstod/audit (drizzle-kit does not model triggers): the audit trail is append-only.
CREATE OR REPLACE FUNCTION "support_centres"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "support_centres"."audit_log" FOR EACH ROW EXECUTE FUNCTION "support_centres"."audit_log_refuse_change"();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "support_centres"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "support_centres"."audit_log_refuse_change"();
