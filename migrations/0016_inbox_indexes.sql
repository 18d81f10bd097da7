-- Issue 21: the staff inbox answers from indexes (running dossiers by urgency, finished ones on their
-- own tab, holders carrying a copy of their dossier's state); four migrations of the scale branch in one.
ALTER TABLE "dossier_holders" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "current" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "dossier_holders_finished" ON "dossier_holders" USING btree ("agency_id","finished_at" DESC NULLS LAST,"dossier_id" DESC NULLS LAST) WHERE finished_at is not null;--> statement-breakpoint
CREATE INDEX "dossier_holders_elsewhere" ON "dossier_holders" USING btree ("agency_id") WHERE finished_at is null and not current;--> statement-breakpoint
CREATE INDEX "dossiers_inbox_clock" ON "dossiers" USING btree ("holding_agency_id","due_at","submitted_at","id") WHERE finished_at is null and code is not null and due_at is not null and clock_paused_at is null;--> statement-breakpoint
CREATE INDEX "dossiers_inbox_idle" ON "dossiers" USING btree ("holding_agency_id","due_at","submitted_at","id") WHERE finished_at is null and code is not null and (due_at is null or clock_paused_at is not null);--> statement-breakpoint
CREATE INDEX "dossiers_code_trgm" ON "dossiers" USING gin ("code" gin_trgm_ops);
--> statement-breakpoint
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

--> statement-breakpoint
DROP INDEX "dossier_holders_elsewhere";--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "idle" boolean DEFAULT false NOT NULL;

--> statement-breakpoint
-- dossier_holders also copies the dossier's due_at, submitted_at and whether its clock is idle
-- (none, or paused), so an agency's running dossiers held elsewhere now list and count from an
-- index in the inbox's order without reading the dossiers (issue 21). Replaces both triggers
-- of `inbox_holders`. Finished dossiers' rows keep what they had: only running rows are read.
CREATE OR REPLACE FUNCTION dossier_holders_copy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  SELECT finished_at, holding_agency_id, due_at, submitted_at, clock_paused_at INTO d
    FROM dossiers WHERE id = NEW.dossier_id;
  IF FOUND THEN
    NEW.finished_at := d.finished_at;
    NEW.current := (d.holding_agency_id = NEW.agency_id);
    NEW.due_at := d.due_at;
    NEW.submitted_at := d.submitted_at;
    NEW.idle := (d.due_at IS NULL OR d.clock_paused_at IS NOT NULL);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossiers_holders_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dossier_holders
     SET finished_at = NEW.finished_at, current = (agency_id = NEW.holding_agency_id), due_at = NEW.due_at,
         submitted_at = NEW.submitted_at, idle = (NEW.due_at IS NULL OR NEW.clock_paused_at IS NOT NULL)
   WHERE dossier_id = NEW.id
     AND (finished_at IS DISTINCT FROM NEW.finished_at OR current <> (agency_id = NEW.holding_agency_id)
       OR due_at IS DISTINCT FROM NEW.due_at OR submitted_at IS DISTINCT FROM NEW.submitted_at
       OR idle <> (NEW.due_at IS NULL OR NEW.clock_paused_at IS NOT NULL));
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER dossiers_holders_sync ON dossiers;
--> statement-breakpoint
CREATE TRIGGER dossiers_holders_sync
  AFTER UPDATE OF holding_agency_id, finished_at, due_at, submitted_at, clock_paused_at ON dossiers
  FOR EACH ROW
  WHEN (OLD.holding_agency_id IS DISTINCT FROM NEW.holding_agency_id OR OLD.finished_at IS DISTINCT FROM NEW.finished_at
    OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at
    OR OLD.clock_paused_at IS DISTINCT FROM NEW.clock_paused_at)
  EXECUTE FUNCTION dossiers_holders_sync();
--> statement-breakpoint
UPDATE dossier_holders h
   SET due_at = d.due_at, submitted_at = d.submitted_at, idle = (d.due_at IS NULL OR d.clock_paused_at IS NOT NULL)
  FROM dossiers d
 WHERE d.id = h.dossier_id AND h.finished_at IS NULL;
--> statement-breakpoint
CREATE INDEX "dossier_holders_elsewhere_clock" ON "dossier_holders" USING btree ("agency_id","due_at","submitted_at","dossier_id") WHERE finished_at is null and not current and not idle;
--> statement-breakpoint
CREATE INDEX "dossier_holders_elsewhere_idle" ON "dossier_holders" USING btree ("agency_id","due_at","submitted_at","dossier_id") WHERE finished_at is null and not current and idle;
