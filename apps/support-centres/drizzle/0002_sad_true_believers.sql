-- The audit chain is sealed off the request path (@krisstod/audit): a request inserts its rows with an
-- insertion id only; a background sealer gives them seq, prev_hash and hash shortly after commit.
-- Rows already here keep their seq and hashes and get id = seq, so insertion order is chain order.
DROP INDEX "support_centres"."audit_log_subject_org_idx";--> statement-breakpoint
DROP INDEX "support_centres"."audit_log_actor_org_idx";--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ADD COLUMN "id" bigint;--> statement-breakpoint
-- id := seq by rewriting the table, not by UPDATE (which the append-only trigger refuses).
ALTER TABLE "support_centres"."audit_log" ALTER COLUMN "id" SET DATA TYPE bigint USING "seq";--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ADD CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id");--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (sequence name "support_centres"."audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
SELECT setval('"support_centres"."audit_log_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "support_centres"."audit_log";--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_idx" ON "support_centres"."audit_log" USING btree ("id") WHERE "support_centres"."audit_log"."seq" is null;--> statement-breakpoint
CREATE INDEX "audit_log_subject_org_idx" ON "support_centres"."audit_log" USING btree ("subject_organisation_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_org_idx" ON "support_centres"."audit_log" USING btree ("actor_organisation_id","id");--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ADD CONSTRAINT "audit_log_seq_key" UNIQUE("seq");--> statement-breakpoint
ALTER TABLE "support_centres"."audit_log" ADD CONSTRAINT "audit_log_sealed_whole" CHECK (("support_centres"."audit_log"."seq" is null) = ("support_centres"."audit_log"."prev_hash" is null) and ("support_centres"."audit_log"."seq" is null) = ("support_centres"."audit_log"."hash" is null));--> statement-breakpoint
-- From auditGuardSql() of @krisstod/audit (drizzle-kit does not model triggers): append-only, except sealing.
CREATE OR REPLACE FUNCTION "support_centres"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The one change allowed: sealing, i.e. giving an unsealed row its chain position and hashes.
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
     AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash'] = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "support_centres"."audit_log" FOR EACH ROW EXECUTE FUNCTION "support_centres"."audit_log_refuse_change"();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "support_centres"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "support_centres"."audit_log_refuse_change"();
