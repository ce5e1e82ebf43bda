CREATE TABLE "activation"."aid_deployments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"offer_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activation"."aid_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"note" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation"."aid_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"county_code" text NOT NULL,
	"quantity" integer NOT NULL,
	"competences" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"anticipated_function" text NOT NULL,
	"special_requirements" text NOT NULL,
	"place" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"addressed_to" text[] NOT NULL,
	"whole_county" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activation"."aid_deployments" ADD CONSTRAINT "aid_deployments_offer_id_aid_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "activation"."aid_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation"."aid_offers" ADD CONSTRAINT "aid_offers_request_id_aid_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "activation"."aid_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation"."aid_requests" ADD CONSTRAINT "aid_requests_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "activation"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aid_deployments_person_idx" ON "activation"."aid_deployments" USING btree ("person_id") WHERE "activation"."aid_deployments"."status" = 'deployed';--> statement-breakpoint
CREATE UNIQUE INDEX "aid_offers_request_org_idx" ON "activation"."aid_offers" USING btree ("request_id","organisation_id");--> statement-breakpoint
CREATE INDEX "aid_requests_county_idx" ON "activation"."aid_requests" USING btree ("county_code","created_at");