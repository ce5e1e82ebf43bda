CREATE TABLE "reporting"."audit_log" (
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
CREATE INDEX "audit_log_subject_org_idx" ON "reporting"."audit_log" USING btree ("subject_organisation_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_org_idx" ON "reporting"."audit_log" USING btree ("actor_organisation_id","seq");--> statement-breakpoint
-- Added by hand from auditGuardSql() of @krisstod/audit (drizzle-kit does not model triggers): the audit trail is append-only.
CREATE OR REPLACE FUNCTION "reporting"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "reporting"."audit_log" FOR EACH ROW EXECUTE FUNCTION "reporting"."audit_log_refuse_change"();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "reporting"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "reporting"."audit_log_refuse_change"();