/**
 * Keys of Open311 clients (GeoReport v2: POST requests needs an `api_key`). A province
 * administrator issues a key to a named client; the key is shown once and only its SHA-256
 * is stored (a long random key needs no slow hash).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import { open311ApiKeys } from './schema.ts';
import { requireProvinceAdmin } from './settings.ts';

export interface Open311KeyView {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

function viewOf(row: typeof open311ApiKeys.$inferSelect): Open311KeyView {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

const actorId = (caller: Caller) =>
  caller.kind === 'staff' ? caller.id : caller.kind === 'system' ? caller.name : null;

/** Issues a key; the returned `apiKey` is the only time the secret is seen. */
export async function createOpen311Key(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; name: string },
): Promise<Open311KeyView & { apiKey: string }> {
  await requireProvinceAdmin(db, caller, input.provinceCode);
  const name = input.name.normalize('NFC').trim();
  if (name.length < 2) {
    throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'name', message: 'Vui lòng nhập tên ứng dụng.' }] });
  }
  const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(open311ApiKeys)
      .values({
        provinceCode: input.provinceCode,
        name,
        keyHash: hashKey(apiKey),
        keyPrefix: apiKey.slice(0, 9),
        createdBy: actorId(caller),
      })
      .returning();
    if (!row) throw new Error('open311 key insert returned no row');
    await recordAudit(tx, {
      provinceCode: input.provinceCode,
      stream: `open311-key:${row.id}`,
      action: 'create',
      actorId: actorId(caller),
      actorRole: caller.kind === 'staff' ? 'admin' : caller.kind,
      data: { name, keyPrefix: row.keyPrefix },
    });
    return { ...viewOf(row), apiKey };
  });
}

export async function listOpen311Keys(db: Executor, caller: Caller, provinceCode: string): Promise<Open311KeyView[]> {
  await requireProvinceAdmin(db, caller, provinceCode);
  const rows = await db
    .select()
    .from(open311ApiKeys)
    .where(eq(open311ApiKeys.provinceCode, provinceCode))
    .orderBy(desc(open311ApiKeys.createdAt));
  return rows.map(viewOf);
}

export async function revokeOpen311Key(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; id: string },
): Promise<Open311KeyView> {
  await requireProvinceAdmin(db, caller, input.provinceCode);
  return db.transaction(async (tx) => {
    const [row] = /^[0-9a-f-]{36}$/i.test(input.id)
      ? await tx
          .update(open311ApiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(open311ApiKeys.id, input.id), eq(open311ApiKeys.provinceCode, input.provinceCode)))
          .returning()
      : [];
    if (!row) throw new DomainError('OPEN311_API_KEY_NOT_FOUND', { id: input.id });
    await recordAudit(tx, {
      provinceCode: input.provinceCode,
      stream: `open311-key:${row.id}`,
      action: 'revoke',
      actorId: actorId(caller),
      actorRole: caller.kind === 'staff' ? 'admin' : caller.kind,
      data: {},
    });
    return viewOf(row);
  });
}

/** The client a key belongs to, or OPEN311_API_KEY_INVALID (403) for an unknown or revoked key. */
export async function verifyOpen311Key(
  db: Executor,
  provinceCode: string,
  apiKey: string | undefined,
): Promise<{ id: string; name: string }> {
  if (!apiKey) throw new DomainError('OPEN311_API_KEY_INVALID', {});
  const [row] = await db
    .update(open311ApiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(open311ApiKeys.keyHash, hashKey(apiKey)),
        eq(open311ApiKeys.provinceCode, provinceCode),
        isNull(open311ApiKeys.revokedAt),
      ),
    )
    .returning({ id: open311ApiKeys.id, name: open311ApiKeys.name });
  if (!row) throw new DomainError('OPEN311_API_KEY_INVALID', {});
  return row;
}
