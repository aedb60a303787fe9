CREATE TABLE "org_name_postings" (
	"gram" text NOT NULL,
	"name_len" integer NOT NULL,
	"name" text NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "org_name_postings_gram_name_len_name_org_id_pk" PRIMARY KEY("gram","name_len","name","org_id")
);
--> statement-breakpoint
CREATE INDEX "org_name_postings_org_idx" ON "org_name_postings" USING btree ("org_id");--> statement-breakpoint

-- Hand-written below (drizzle cannot express triggers). The migration 0013 GIN index answered a rare term
-- in a millisecond but had to read and sort every match of a common one (会, 服务, 海宁市: a third to a
-- half of all names), ~100 ms over 100,000 names. The posting lists are kept in the order results are
-- shown, so a search reads only the first rows of one gram's list.

-- Each distinct gram once per name: org_name_grams (migration 0013) gives characters and pairs.
CREATE FUNCTION org_name_postings_sync() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM org_name_postings WHERE org_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO org_name_postings (gram, name_len, name, org_id)
    SELECT DISTINCT g, length(NEW.name), NEW.name, NEW.id FROM unnest(org_name_grams(NEW.name)) AS g;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE TRIGGER orgs_name_postings_ins AFTER INSERT ON orgs FOR EACH ROW EXECUTE FUNCTION org_name_postings_sync();--> statement-breakpoint
CREATE TRIGGER orgs_name_postings_upd AFTER UPDATE OF name ON orgs FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION org_name_postings_sync();--> statement-breakpoint
CREATE TRIGGER orgs_name_postings_del AFTER DELETE ON orgs FOR EACH ROW EXECUTE FUNCTION org_name_postings_sync();--> statement-breakpoint

INSERT INTO org_name_postings (gram, name_len, name, org_id)
SELECT DISTINCT g, length(o.name), o.name, o.id FROM orgs o, unnest(org_name_grams(o.name)) AS g;--> statement-breakpoint

-- The search picks the rarest pair of a longer term from these statistics: keep many common grams.
ALTER TABLE org_name_postings ALTER COLUMN gram SET STATISTICS 1000;--> statement-breakpoint

DROP INDEX "orgs_name_grams_idx";--> statement-breakpoint
DROP FUNCTION org_search_grams(text);
