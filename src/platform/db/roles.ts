/**
 * Two roles on PostgreSQL (issue 11, High 4): the owner role creates and alters the tables
 * (migrations, `DATABASE_OWNER_URL`); the application's role (`DATABASE_URL`) gets only the
 * grants it needs. Not owning a table, the app cannot `ALTER TABLE … DISABLE TRIGGER`,
 * `TRUNCATE` or drop it, and it has no UPDATE or DELETE on the audit tables at all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

/** Tables the application only ever appends to: no UPDATE, DELETE or TRUNCATE for its role. */
const APPEND_ONLY_TABLES = ['audit_events', 'audit_checkpoints', 'audit_checkpoint_stamps'] as const;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class RoleSetupError extends Error {
  override name = 'RoleSetupError';
}

/**
 * Grants `appRole` what the application needs on everything the migrations made; run by the
 * owner after each migration, so tables added later are covered. Refuses an application role
 * that could undo the separation (superuser, or member of the owner role).
 */
export async function grantApplicationRole(owner: pg.ClientBase, appRole: string): Promise<void> {
  const { rows } = await owner.query<{ super: boolean; member: boolean; me: string }>(
    `select r.rolsuper as super, pg_has_role($1, current_user, 'MEMBER') as member, current_user as me
       from pg_roles r where r.rolname = $1`,
    [appRole],
  );
  const role = rows[0];
  if (!role) {
    throw new RoleSetupError(
      `the application role "${appRole}" does not exist: create it first (CREATE ROLE ${appRole} LOGIN PASSWORD '…'), see docs/operators.md`,
    );
  }
  if (role.me === appRole || role.super || role.member) {
    throw new RoleSetupError(
      `the application role "${appRole}" is the owner, a superuser or a member of "${role.me}": it could disable the audit triggers`,
    );
  }
  const app = quoteIdent(appRole);
  const appendOnly = APPEND_ONLY_TABLES.join(', ');
  await owner.query(
    [
      `GRANT USAGE ON SCHEMA public TO ${app}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
      `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${appendOnly} FROM ${app}`,
      // pg-boss installs and upgrades its own tables (owned by the app role) in this schema.
      `GRANT USAGE, CREATE ON SCHEMA pgboss TO ${app}`,
      // So that a starting process can see that the migrations are applied without applying them.
      `GRANT USAGE ON SCHEMA drizzle TO ${app}`,
      `GRANT SELECT ON drizzle.__drizzle_migrations TO ${app}`,
    ].join(';\n'),
  );
}

/** `when` of the newest committed migration (drizzle stores it as `created_at` once applied). */
function newestMigration(migrationsFolder: string): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/** True when every committed migration is applied; false when not, or when the journal is not readable. */
export async function migrationsApplied(client: pg.ClientBase, migrationsFolder: string): Promise<boolean> {
  try {
    const { rows } = await client.query<{ last: string | null }>(
      'select max(created_at)::text as last from drizzle.__drizzle_migrations',
    );
    return Number(rows[0]?.last ?? 0) >= newestMigration(migrationsFolder);
  } catch {
    return false;
  }
}
