-- dossier_holders.finished_at and .current copy the dossier's finished_at and holding agency, so
-- the inbox reads an agency's finished dossiers, and its running ones another agency holds now,
-- from an index (issue 21). The app inserts holder rows after updating the dossier, and updates
-- the dossier after holders exist: one trigger on each side keeps the copy exact.
CREATE OR REPLACE FUNCTION dossier_holders_copy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  SELECT finished_at, holding_agency_id INTO d FROM dossiers WHERE id = NEW.dossier_id;
  IF FOUND THEN
    NEW.finished_at := d.finished_at;
    NEW.current := (d.holding_agency_id = NEW.agency_id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER dossier_holders_copy BEFORE INSERT ON dossier_holders
  FOR EACH ROW EXECUTE FUNCTION dossier_holders_copy();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossiers_holders_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dossier_holders
     SET finished_at = NEW.finished_at, current = (agency_id = NEW.holding_agency_id)
   WHERE dossier_id = NEW.id
     AND (finished_at IS DISTINCT FROM NEW.finished_at OR current <> (agency_id = NEW.holding_agency_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dossiers_holders_sync AFTER UPDATE OF holding_agency_id, finished_at ON dossiers
  FOR EACH ROW
  WHEN (OLD.holding_agency_id IS DISTINCT FROM NEW.holding_agency_id OR OLD.finished_at IS DISTINCT FROM NEW.finished_at)
  EXECUTE FUNCTION dossiers_holders_sync();
--> statement-breakpoint
UPDATE dossier_holders h
   SET finished_at = d.finished_at, current = (d.holding_agency_id = h.agency_id)
  FROM dossiers d
 WHERE d.id = h.dossier_id;
