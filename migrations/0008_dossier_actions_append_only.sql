-- A dossier's history is append-only: an action row is never removed or rewritten. The one
-- write allowed after the insert is storing, once, the answer the action got (`response`),
-- which the same transaction does and replays of its transaction id read back.
CREATE OR REPLACE FUNCTION dossier_actions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.response IS NULL
     AND (to_jsonb(NEW) - 'response') = (to_jsonb(OLD) - 'response') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'dossier actions are append-only: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER dossier_actions_append_only BEFORE UPDATE OR DELETE ON dossier_actions
  FOR EACH ROW EXECUTE FUNCTION dossier_actions_guard();
--> statement-breakpoint
CREATE TRIGGER dossier_actions_no_truncate BEFORE TRUNCATE ON dossier_actions
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_actions_guard();
