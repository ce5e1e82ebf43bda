CREATE TABLE "activation"."audit_log" (
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
ALTER TABLE "activation"."activations" ADD COLUMN "decided_by_user_id" text;--> statement-breakpoint
CREATE INDEX "audit_log_subject_org_idx" ON "activation"."audit_log" USING btree ("subject_organisation_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_org_idx" ON "activation"."audit_log" USING btree ("actor_organisation_id","seq");--> statement-breakpoint
-- Added by hand from auditGuardSql() of @krisstod/audit (drizzle-kit does not model triggers): the audit trail is append-only.
CREATE OR REPLACE FUNCTION "activation"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "activation"."audit_log" FOR EACH ROW EXECUTE FUNCTION "activation"."audit_log_refuse_change"();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "activation"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "activation"."audit_log_refuse_change"();
