CREATE TABLE "rotation_record_photos" (
	"file_id" uuid NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"client_key" uuid,
	"record_id" uuid,
	"position" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_record_photos_pk" PRIMARY KEY("file_id")
);
--> statement-breakpoint
CREATE TABLE "rotation_service_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_key" uuid NOT NULL,
	"recorded_by" uuid,
	"assignment_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"season" smallint NOT NULL,
	"town_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"grid_id" uuid,
	"region_path" text NOT NULL,
	"resource_kind" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"role" text NOT NULL,
	"kind" text NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"accuracy_m" double precision,
	"minutes" integer NOT NULL,
	"participants" integer NOT NULL,
	"beneficiaries" jsonb NOT NULL,
	"beneficiary_total" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_service_records_resource_kind_enum_ck" CHECK ("resource_kind" in ('org', 'socialWorker', 'certifiedEmployee')),
	CONSTRAINT "rotation_service_records_role_enum_ck" CHECK ("role" in ('policyExplainer', 'resourceLinker', 'charityPromoter', 'concernCollector')),
	CONSTRAINT "rotation_service_records_kind_enum_ck" CHECK ("kind" in ('briefing', 'resourceLinking', 'charityAdvocacy', 'concernVisit')),
	CONSTRAINT "rotation_service_records_season_ck" CHECK ("rotation_service_records"."season" between 1 and 4),
	CONSTRAINT "rotation_service_records_minutes_ck" CHECK ("rotation_service_records"."minutes" between 1 and 1440),
	CONSTRAINT "rotation_service_records_counts_ck" CHECK ("rotation_service_records"."participants" >= 0 and "rotation_service_records"."beneficiary_total" >= 0),
	CONSTRAINT "rotation_service_records_location_ck" CHECK (("rotation_service_records"."lat" is null) = ("rotation_service_records"."lng" is null) and coalesce("rotation_service_records"."lat", 0) between -90 and 90 and coalesce("rotation_service_records"."lng", 0) between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "rotation_record_photos" ADD CONSTRAINT "rotation_record_photos_file_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_record_photos" ADD CONSTRAINT "rotation_record_photos_uploaded_by_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_record_photos" ADD CONSTRAINT "rotation_record_photos_record_fk" FOREIGN KEY ("record_id") REFERENCES "public"."rotation_service_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_service_records" ADD CONSTRAINT "rotation_service_records_assignment_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."rotation_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_service_records" ADD CONSTRAINT "rotation_service_records_recorded_by_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_service_records" ADD CONSTRAINT "rotation_service_records_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_service_records" ADD CONSTRAINT "rotation_service_records_community_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_service_records" ADD CONSTRAINT "rotation_service_records_grid_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_record_photos_client_key_uq" ON "rotation_record_photos" USING btree ("uploaded_by","client_key");--> statement-breakpoint
CREATE INDEX "rotation_record_photos_record_idx" ON "rotation_record_photos" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_service_records_client_key_uq" ON "rotation_service_records" USING btree ("recorded_by","client_key");--> statement-breakpoint
CREATE INDEX "rotation_service_records_city_idx" ON "rotation_service_records" USING btree ("city_id","year","checked_in_at","id");--> statement-breakpoint
CREATE INDEX "rotation_service_records_resource_idx" ON "rotation_service_records" USING btree ("resource_kind","resource_id","year","season");--> statement-breakpoint
CREATE INDEX "rotation_service_records_assignment_idx" ON "rotation_service_records" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "rotation_service_records_region_path_idx" ON "rotation_service_records" USING btree ("region_path");