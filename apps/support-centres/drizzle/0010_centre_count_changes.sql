CREATE TABLE "support_centres"."centre_count_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_centres"."centre_count_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"centre_id" uuid NOT NULL,
	"present" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"children" integer DEFAULT 0 NOT NULL,
	"registered" integer DEFAULT 0 NOT NULL,
	"anonymous" integer DEFAULT 0 NOT NULL,
	"unaccompanied_children" integer DEFAULT 0 NOT NULL,
	"phone_contacts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_centres"."centre_count_changes" ADD CONSTRAINT "centre_count_changes_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "support_centres"."centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "centre_count_changes_centre_idx" ON "support_centres"."centre_count_changes" USING btree ("centre_id");