ALTER TABLE "regions" ADD COLUMN "child_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "community_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "grid_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill for databases created before the counts existed (same rule as recountRegions()).
UPDATE "regions" r SET
  "child_count" = (SELECT count(*) FROM "regions" d WHERE d."parent_id" = r."id" AND d."retired_at" IS NULL),
  "community_count" = (SELECT count(*) FROM "regions" d WHERE d."path" ~>=~ r."path" AND d."path" ~<~ (r."path" || '~') AND d."id" <> r."id" AND d."retired_at" IS NULL AND d."level" = 'community'),
  "grid_count" = (SELECT count(*) FROM "regions" d WHERE d."path" ~>=~ r."path" AND d."path" ~<~ (r."path" || '~') AND d."id" <> r."id" AND d."retired_at" IS NULL AND d."level" = 'grid');
