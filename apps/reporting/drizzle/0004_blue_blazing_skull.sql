CREATE TABLE "reporting"."faith_communities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"name" text NOT NULL,
	"denomination" text NOT NULL,
	"municipalities" text[] NOT NULL,
	"contact_person" text NOT NULL,
	"contact_role" text NOT NULL,
	"phone" text NOT NULL,
	"alternative_phone" text,
	"email" text,
	"languages" text[] NOT NULL,
	"notes" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "faith_communities_county_name_idx" ON "reporting"."faith_communities" USING btree ("county_code","name");