-- Chinese substring search on organization names, for terms of any length.
-- pg_trgm cannot use its index for one- or two-character terms (most Chinese searches: 养老, 社工, 老),
-- which then read the whole table; for longer terms PostgreSQL combined it with the index below and
-- rechecked every candidate. Instead every name is indexed by its characters and pairs of neighbouring
-- characters (lower-cased, as ILIKE compares). A search asks the GIN index for the term's one
-- character, or for all its pairs, and `name ILIKE '%term%'` still decides: the index only narrows, so
-- the results are exactly those of the ILIKE alone. Same on PGlite and on PostgreSQL.
-- drizzle-kit wrote the DROP INDEX (the schema no longer declares the trigram index); the functions and
-- the index below are hand-written, since drizzle cannot express them.
DROP INDEX "orgs_name_trgm_idx";--> statement-breakpoint

-- The name's grams: each character and each pair of neighbouring characters, after lower().
-- plpgsql: about 2 µs a name, several times faster than the same in SQL with generate_series.
CREATE FUNCTION org_name_grams(name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  s text := lower(name);
  grams text[] := string_to_array(s, NULL);
BEGIN
  FOR i IN 1 .. length(s) - 1 LOOP
    grams := grams || substr(s, i, 2);
  END LOOP;
  RETURN grams;
END
$$;--> statement-breakpoint

-- What a term asks of a name: its one character, or every pair of neighbouring characters.
CREATE FUNCTION org_search_grams(term text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  s text := lower(term);
  grams text[] := '{}';
BEGIN
  IF length(s) = 1 THEN
    RETURN ARRAY[s];
  END IF;
  FOR i IN 1 .. length(s) - 1 LOOP
    grams := grams || substr(s, i, 2);
  END LOOP;
  RETURN grams;
END
$$;--> statement-breakpoint

-- fastupdate off: new names go straight into the index instead of a pending list that every search
-- would scan until VACUUM merges it — and PGlite has no autovacuum to do that.
CREATE INDEX "orgs_name_grams_idx" ON "orgs" USING gin (org_name_grams("name")) WITH (fastupdate = off);
