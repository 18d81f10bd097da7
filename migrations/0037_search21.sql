-- Staff search within the agency (issue 21). A search matched the code and the folded applicant
-- with trigram indexes over the whole province's dossiers and then kept the agency's: a common
-- name's trigrams are in a large share of all names, so every search read the province's
-- posting lists (60 of 79 ms at 1,000,000 dossiers) and grew with the province's history.
-- dossier_holders now carries what a search matches (`search`: the code in lower case, a space,
-- the folded applicant), kept by the holders' triggers, and `dossier_holders_search` indexes the
-- trigrams of its words with the agency in each key: a search reads the agency's posting lists.
ALTER TABLE "dossier_holders" ADD COLUMN "search" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The keys of a holder row: pg_trgm's trigrams of `search` (show_trgm: each word padded with two
-- spaces before it and one after), each prefixed with the first 8 characters of the agency's id.
-- One expression, so PostgreSQL inlines it (about 3 times show_trgm's own cost). inbox-staff.ts
-- `searchKeys` builds a query's keys the same way, from only the trigrams every match must
-- have; a prefix two agencies share only adds candidates, which the agency and the LIKE
-- conditions then remove.
-- show_trgm is named with pg_trgm's schema: index builds run with a search_path of pg_catalog
-- alone (PostgreSQL 17, PGlite; and pg_restore), where an unqualified name is not found.
DO $do$
BEGIN
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION dossier_search_keys(agency uuid, search text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$
      SELECT pg_catalog.string_to_array(pg_catalog.left(agency::text, 8)
        || pg_catalog.array_to_string(%I.show_trgm(search), '|' || pg_catalog.left(agency::text, 8)), '|')
    $body$ $f$, (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'));
END
$do$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossier_holders_copy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  SELECT finished_at, holding_agency_id, due_at, submitted_at, clock_paused_at, code, applicant_search INTO d
    FROM dossiers WHERE id = NEW.dossier_id;
  IF FOUND THEN
    NEW.finished_at := d.finished_at;
    NEW.current := (d.holding_agency_id = NEW.agency_id);
    NEW.due_at := d.due_at;
    NEW.submitted_at := d.submitted_at;
    NEW.idle := (d.due_at IS NULL OR d.clock_paused_at IS NOT NULL);
    NEW.search := lower(coalesce(d.code, '')) || ' ' || d.applicant_search;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossiers_holders_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dossier_holders
     SET finished_at = NEW.finished_at, current = (agency_id = NEW.holding_agency_id), due_at = NEW.due_at,
         submitted_at = NEW.submitted_at, idle = (NEW.due_at IS NULL OR NEW.clock_paused_at IS NOT NULL),
         search = lower(coalesce(NEW.code, '')) || ' ' || NEW.applicant_search
   WHERE dossier_id = NEW.id
     AND (finished_at IS DISTINCT FROM NEW.finished_at OR current <> (agency_id = NEW.holding_agency_id)
       OR due_at IS DISTINCT FROM NEW.due_at OR submitted_at IS DISTINCT FROM NEW.submitted_at
       OR idle <> (NEW.due_at IS NULL OR NEW.clock_paused_at IS NOT NULL)
       OR search <> lower(coalesce(NEW.code, '')) || ' ' || NEW.applicant_search);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER dossiers_holders_sync ON dossiers;
--> statement-breakpoint
CREATE TRIGGER dossiers_holders_sync
  AFTER UPDATE OF holding_agency_id, finished_at, due_at, submitted_at, clock_paused_at, code, applicant_search ON dossiers
  FOR EACH ROW
  WHEN (OLD.holding_agency_id IS DISTINCT FROM NEW.holding_agency_id OR OLD.finished_at IS DISTINCT FROM NEW.finished_at
    OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at
    OR OLD.clock_paused_at IS DISTINCT FROM NEW.clock_paused_at OR OLD.code IS DISTINCT FROM NEW.code
    OR OLD.applicant_search IS DISTINCT FROM NEW.applicant_search)
  EXECUTE FUNCTION dossiers_holders_sync();
--> statement-breakpoint
-- Existing rows are filled by migrations/concurrent/0037_search21.sql in batches of 5,000, each its
-- own transaction, after this one commits: an UPDATE of every holder row here held ~1.9 M row
-- locks at 1,000,000 dossiers, and the dossiers trigger's lock with them, for the 4 minutes it
-- ran (migration-rules.ts now names that). The dossier_holders_search index is built there too,
-- after the backfill: CREATE INDEX CONCURRENTLY cannot run inside a transaction.
SELECT 1;
