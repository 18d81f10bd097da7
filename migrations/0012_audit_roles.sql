-- Checkpoints and their time-stamps are append-only too, and neither may be truncated: the
-- application's role has no UPDATE, DELETE or TRUNCATE on them either (see
-- grantApplicationRole in src/platform/db/roles.ts); these triggers also stop a single-role setup.
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoint_stamps_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint_stamps
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoint_stamps_no_truncate BEFORE TRUNCATE ON audit_checkpoint_stamps
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- pg-boss keeps its tables here. Made by the migrating (owner) role, so that an application
-- role without CREATE on the database can still install and upgrade pg-boss inside it.
CREATE SCHEMA IF NOT EXISTS pgboss;
