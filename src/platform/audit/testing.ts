/**
 * For tests: the province's signer and the attacks of issue 11 (High 4), played by someone
 * holding the database's owner role (or a superuser), who can switch the triggers off.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { createDemoCertificate, createPkcs12Signer, type Signer } from '../pdf/index.ts';
import { entryHash, GENESIS } from './index.ts';
import { auditEvents } from './schema.ts';

export async function provinceTestSigner(): Promise<Signer> {
  const cert = await createDemoCertificate({
    commonName: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    organization: 'UBND tỉnh Tuyên Quang',
    locality: 'Tuyên Quang',
    country: 'VN',
    password: 'test',
    keyAlgorithm: 'ECDSA-P256',
  });
  return createPkcs12Signer(cert.pkcs12, 'test');
}

/** Removes the newest entry of a chain: what a clean-up of "the last few minutes" would do. */
export async function deleteNewestEntry(db: Executor, stream: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw('alter table audit_events disable trigger user'));
    await tx.execute(
      sql`delete from audit_events where stream = ${stream} and seq = (select max(seq) from audit_events where stream = ${stream})`,
    );
    await tx.execute(sql.raw('alter table audit_events enable trigger user'));
  });
}

/** Changes an entry's data and recomputes every hash after it, so the chain itself verifies again. */
export async function rewriteChain(db: Executor, stream: string, data: Record<string, unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw('alter table audit_events disable trigger user'));
    const entries = await tx
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.stream} = ${stream}`)
      .orderBy(auditEvents.seq);
    let prevHash = GENESIS;
    for (const [i, e] of entries.entries()) {
      const forged = { ...e, data: i === 0 ? data : e.data, prevHash };
      const hash = entryHash(prevHash, forged);
      await tx.execute(
        sql`update audit_events set data = ${JSON.stringify(forged.data)}::jsonb, prev_hash = ${prevHash}, hash = ${hash} where id = ${e.id}`,
      );
      prevHash = hash;
    }
    await tx.execute(sql.raw('alter table audit_events enable trigger user'));
  });
}

/** Empties the checkpoints and their time-stamps. */
export async function truncateCheckpoints(db: Executor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw('alter table audit_checkpoints disable trigger user'));
    await tx.execute(sql.raw('alter table audit_checkpoint_stamps disable trigger user'));
    await tx.execute(sql.raw('truncate audit_checkpoint_stamps, audit_checkpoints'));
    await tx.execute(sql.raw('alter table audit_checkpoint_stamps enable trigger user'));
    await tx.execute(sql.raw('alter table audit_checkpoints enable trigger user'));
  });
}
