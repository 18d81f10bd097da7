-- A process template version never changes once written: dossiers keep the version they were
-- filed under (src/modules/catalog/README.md), and a new workflow is a new version.
CREATE OR REPLACE FUNCTION process_templates_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'process template versions are immutable: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER process_templates_no_change BEFORE UPDATE OR DELETE ON process_templates
  FOR EACH ROW EXECUTE FUNCTION process_templates_refuse_change();
