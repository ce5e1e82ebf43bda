CREATE TABLE "support_centres"."visitor_referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"visitor_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"destination" text NOT NULL,
	"referred_by_user_id" text NOT NULL,
	"referred_by_name" text NOT NULL,
	"referred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_centres"."visitor_referrals" ADD CONSTRAINT "visitor_referrals_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "support_centres"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "visitor_referrals_visitor_idx" ON "support_centres"."visitor_referrals" USING btree ("visitor_id");