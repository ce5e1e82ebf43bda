CREATE TABLE "activation"."aid_work_ended" (
	"request_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "aid_work_ended_request_id_county_code_pk" PRIMARY KEY("request_id","county_code")
);
--> statement-breakpoint
ALTER TABLE "activation"."debrief_offers" ALTER COLUMN "activation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "activation"."dev_outbox" ALTER COLUMN "activation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "activation"."messages" ALTER COLUMN "activation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "activation"."debrief_offers" ADD COLUMN "aid_request_id" uuid;--> statement-breakpoint
ALTER TABLE "activation"."dev_outbox" ADD COLUMN "aid_request_id" uuid;--> statement-breakpoint
ALTER TABLE "activation"."messages" ADD COLUMN "aid_request_id" uuid;--> statement-breakpoint
-- Offers made before this to people sent to another county's deployment held the aid request's id
-- as their activation id (no activation of the asker is held here): moved to aid_request_id.
UPDATE "activation"."debrief_offers" SET "aid_request_id" = "activation_id", "activation_id" = NULL WHERE "activation_id" IN (SELECT "id" FROM "activation"."aid_requests");--> statement-breakpoint
UPDATE "activation"."messages" SET "aid_request_id" = "activation_id", "activation_id" = NULL WHERE "kind" = 'debrief-offer' AND "activation_id" IN (SELECT "id" FROM "activation"."aid_requests");--> statement-breakpoint
UPDATE "activation"."dev_outbox" SET "aid_request_id" = "activation_id", "activation_id" = NULL WHERE "activation_id" IN (SELECT "id" FROM "activation"."aid_requests");--> statement-breakpoint
ALTER TABLE "activation"."aid_work_ended" ADD CONSTRAINT "aid_work_ended_request_id_aid_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "activation"."aid_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation"."debrief_offers" ADD CONSTRAINT "debrief_offers_aid_request_id_aid_requests_id_fk" FOREIGN KEY ("aid_request_id") REFERENCES "activation"."aid_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation"."debrief_offers" ADD CONSTRAINT "debrief_offers_activation_or_aid_request" CHECK (("activation"."debrief_offers"."activation_id" is null) <> ("activation"."debrief_offers"."aid_request_id" is null));--> statement-breakpoint
ALTER TABLE "activation"."messages" ADD CONSTRAINT "messages_activation_or_aid_request" CHECK (("activation"."messages"."activation_id" is null) <> ("activation"."messages"."aid_request_id" is null));