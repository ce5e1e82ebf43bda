CREATE TABLE "activation"."activations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"group" text NOT NULL,
	"status" text NOT NULL,
	"decided_by_person_id" text NOT NULL,
	"decided_by_name" text NOT NULL,
	"decided_by_function_id" text NOT NULL,
	"decided_by_function_title" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"needed" integer NOT NULL,
	"wait_ms" integer NOT NULL,
	"parent_activation_id" uuid,
	"fallback_for_activation_id" uuid,
	"neighbours" text[] NOT NULL,
	"fallback_offered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activation"."call_outs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activation_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"position" integer NOT NULL,
	"status" text NOT NULL,
	"called_at" timestamp with time zone,
	"answer_due_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"eta_minutes" integer
);
--> statement-breakpoint
CREATE TABLE "activation"."dev_outbox" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"activation_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"channel" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"answer_link" text NOT NULL,
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation"."messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activation_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"channel" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"answer_link" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activation"."timers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activation_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activation"."used_answer_links" (
	"jti" uuid PRIMARY KEY NOT NULL,
	"call_out_id" text NOT NULL,
	"person_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activation"."activations" ADD CONSTRAINT "activations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "activation"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation"."call_outs" ADD CONSTRAINT "call_outs_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "activation"."activations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activations_incident_idx" ON "activation"."activations" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "activations_org_idx" ON "activation"."activations" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_outs_activation_person_idx" ON "activation"."call_outs" USING btree ("activation_id","person_id");--> statement-breakpoint
CREATE INDEX "call_outs_activation_position_idx" ON "activation"."call_outs" USING btree ("activation_id","position");--> statement-breakpoint
CREATE INDEX "dev_outbox_delivered_idx" ON "activation"."dev_outbox" USING btree ("delivered_at");--> statement-breakpoint
CREATE INDEX "messages_pending_idx" ON "activation"."messages" USING btree ("next_attempt_at") WHERE "activation"."messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "messages_activation_idx" ON "activation"."messages" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "timers_due_idx" ON "activation"."timers" USING btree ("due_at") WHERE "activation"."timers"."processed_at" is null;