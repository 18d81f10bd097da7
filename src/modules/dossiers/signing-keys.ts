/**
 * How an agency appears on paper and signs it: the letterhead of its slips (Decree 30/2020:
 * governing body, agency, place) and the keys it and its officials sign with (signing_keys:
 * an agency's seal, an official's personal key; PKCS#12 imported and sealed, PKCS#11 token,
 * or remote SmartCA account). No key is minted here: only the demo seed mints (subject OU=DEMO).
 * Every signature is audited: who, which key (certificate fingerprint), which document hash.
 */
import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { enqueue, notificationPayload } from '../../platform/notify/index.ts';
import {
  certificateFingerprint,
  createDemoCertificate,
  createSigning,
  formatName,
  loadPkcs12,
  parseCertificate,
  type Signer,
  type Signing,
  type StoredKey,
} from '../../platform/pdf/index.ts';
import { forgetBetweenTests } from '../../platform/process-state.ts';
import {
  adminEmailsOf,
  adminUnitName,
  findAgencies,
  agencyById as findAgency,
  provinceCommitteeOf,
  staffByAccount,
  staffOfAgency,
} from '../directory/index.ts';
import { signingKeys } from './schema.ts';
import type { IssuingAgency } from './slips/types.ts';

registerErrors({
  DOSSIER_AGENCY_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cơ quan.' },
  SIGNING_NO_KEY: {
    status: 409,
    vi: 'Chưa có chứng thư số để ký. Quản trị viên cần cài đặt chứng thư số của cơ quan hoặc cán bộ (xem hướng dẫn chữ ký số).',
  },
  SIGNING_KEY_EXPIRED: {
    status: 409,
    vi: 'Chứng thư số đã hết hạn, không thể dùng để ký. Vui lòng gia hạn hoặc cài chứng thư mới.',
  },
  SIGNING_KEY_NOT_YET_VALID: { status: 409, vi: 'Chứng thư số chưa đến thời điểm có hiệu lực.' },
  SIGNING_KEY_REVOKED: { status: 409, vi: 'Chứng thư số đã bị thu hồi, không thể dùng để ký.' },
  SIGNING_KEY_DUPLICATE: { status: 409, vi: 'Chứng thư số này đã được cài đặt.' },
  SIGNING_ACCOUNT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cán bộ trong danh sách của cơ quan.' },
});

let current: Signing | undefined;
forgetBetweenTests(() => {
  current = undefined;
});

/** Called once by the composition root with `createSigning(config)`. */
export function useSigning(signing: Signing): void {
  current = signing;
}

/** The configured signing services; built from the process configuration when nobody set them. */
export function signing(): Signing {
  if (!current) {
    const config = loadConfig();
    current = createSigning({ ...config });
  }
  return current;
}

/** "Tỉnh Tuyên Quang" → "Tuyên Quang": the place on the date line. */
export async function provinceNameOf(db: Executor, provinceCode: string): Promise<string> {
  return ((await adminUnitName(db, provinceCode)) ?? '').replace(/^(Tỉnh|Thành phố)\s+/u, '');
}

export async function agencyById(db: Executor, id: string) {
  const agency = await findAgency(db, id);
  if (!agency) throw new DomainError('DOSSIER_AGENCY_NOT_FOUND', { agencyId: id });
  return agency;
}

/** The header block of a slip: the governing body (the parent agency), the agency and the place. */
export async function letterheadOf(db: Executor, agencyId: string): Promise<IssuingAgency> {
  const agency = await agencyById(db, agencyId);
  // A people's committee heads its own paper: no superior body line above it (Decree 30/2020,
  // Annex I §II.2: the superior body is printed only for bodies that have a direct one).
  const committee = /^(Ủy|Uỷ) ban nhân dân/iu.test(agency.name);
  const parent = agency.parentId && !committee ? await agencyById(db, agency.parentId) : undefined;
  const place = await provinceNameOf(db, agency.provinceCode);
  return {
    ...(parent ? { parentName: parent.shortName ?? parent.name } : {}),
    name: agency.name,
    place,
  };
}

/** The province's people's committee, the organisation on every demo certificate (O=). */
async function organisationOf(db: Executor, provinceCode: string): Promise<string> {
  const root = await provinceCommitteeOf(db, provinceCode);
  return root?.shortName ?? root?.name ?? `UBND tỉnh ${await provinceNameOf(db, provinceCode)}`;
}

type KeyRow = typeof signingKeys.$inferSelect;
export type SigningKeyRow = KeyRow;

/** Every key, oldest first (`mocua signing list`). */
export function listSigningKeys(db: Executor): Promise<KeyRow[]> {
  return db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt));
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function storedKeyOf(row: KeyRow): StoredKey {
  return {
    provider: row.provider,
    certificate: unb64(row.certificate),
    chain: row.chain.map(unb64),
    sealedKey: row.sealedKey ? unb64(row.sealedKey) : null,
    tokenLabel: row.tokenLabel,
    keyLabel: row.keyLabel,
    remoteUserId: row.remoteUserId,
    remoteSerial: row.remoteSerial,
  };
}

export interface KeyOwner {
  agencyId: string;
  /** An official's personal key; absent for the agency's seal. */
  accountId?: string | null;
}

/**
 * The key an owner signs with now: the newest active one. An expired, not yet valid or revoked
 * key is refused with its own error (a new signature needs a valid certificate; older signatures
 * keep verifying from their time-stamps).
 */
export async function activeKeyOf(db: Executor, owner: KeyOwner, now = new Date()): Promise<KeyRow> {
  const rows = await db
    .select()
    .from(signingKeys)
    .where(
      and(
        eq(signingKeys.agencyId, owner.agencyId),
        owner.accountId ? eq(signingKeys.accountId, owner.accountId) : isNull(signingKeys.accountId),
        inArray(signingKeys.status, ['active', 'revoked']),
      ),
    )
    .orderBy(desc(signingKeys.createdAt));
  const usable = rows.find((r) => r.status === 'active' && r.notBefore <= now && now <= r.notAfter);
  if (usable) return usable;
  const newest = rows[0];
  if (!newest) throw new DomainError('SIGNING_NO_KEY', owner.accountId ? { personal: true } : {});
  if (newest.status === 'revoked') throw new DomainError('SIGNING_KEY_REVOKED', { fingerprint: newest.fingerprint });
  if (newest.notBefore > now) throw new DomainError('SIGNING_KEY_NOT_YET_VALID', { fingerprint: newest.fingerprint });
  throw new DomainError('SIGNING_KEY_EXPIRED', { fingerprint: newest.fingerprint });
}

/**
 * What an official's own key asks of them (the approve page says it): a local key (PKCS#12, a
 * token) signs at once, a remote one waits for the phone; 'none' without a usable key.
 */
export async function personalKeyKind(
  db: Executor,
  owner: { agencyId: string; accountId: string },
  now = new Date(),
): Promise<'local' | 'remote' | 'none'> {
  try {
    const key = await activeKeyOf(db, owner, now);
    return key.provider === 'remote' || key.provider === 'csc' ? 'remote' : 'local';
  } catch (error) {
    if (error instanceof DomainError && error.code.startsWith('SIGNING_')) return 'none';
    throw error;
  }
}

/** The agency's seal signer, or undefined when it has no usable key (audit checkpoints then go unsigned). */
async function agencySignerOf(db: Executor, agencyId: string): Promise<Signer | undefined> {
  try {
    return await signing().signerFor(storedKeyOf(await activeKeyOf(db, { agencyId })));
  } catch (error) {
    if (error instanceof DomainError && error.code.startsWith('SIGNING_')) return undefined;
    throw error;
  }
}

interface NewKey {
  owner: KeyOwner;
  provider: KeyRow['provider'];
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  sealedKey?: Uint8Array;
  tokenLabel?: string;
  keyLabel?: string;
  remoteUserId?: string;
  remoteSerial?: string;
  demo?: boolean;
  actorId?: string | null;
}

/** Stores a key; the owner's earlier active keys are retired (their signatures stay valid). */
async function storeKey(db: Executor, input: NewKey): Promise<KeyRow> {
  const agency = await agencyById(db, input.owner.agencyId);
  const cert = parseCertificate(input.certificate);
  const fingerprint = certificateFingerprint(input.certificate);
  const [existing] = await db.select().from(signingKeys).where(eq(signingKeys.fingerprint, fingerprint));
  if (existing) throw new DomainError('SIGNING_KEY_DUPLICATE', { fingerprint });
  await db
    .update(signingKeys)
    .set({ status: 'retired' })
    .where(
      and(
        eq(signingKeys.agencyId, input.owner.agencyId),
        input.owner.accountId ? eq(signingKeys.accountId, input.owner.accountId) : isNull(signingKeys.accountId),
        eq(signingKeys.status, 'active'),
      ),
    );
  const [row] = await db
    .insert(signingKeys)
    .values({
      provinceCode: agency.provinceCode,
      agencyId: input.owner.agencyId,
      accountId: input.owner.accountId ?? null,
      provider: input.provider,
      certificate: b64(input.certificate),
      chain: input.chain.map(b64),
      sealedKey: input.sealedKey ? b64(input.sealedKey) : null,
      tokenLabel: input.tokenLabel ?? null,
      keyLabel: input.keyLabel ?? null,
      remoteUserId: input.remoteUserId ?? null,
      remoteSerial: input.remoteSerial ?? null,
      subject: formatName(cert.subject),
      fingerprint,
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
      demo: input.demo ?? false,
    })
    .returning();
  if (!row) throw new Error('signing key not stored');
  await recordAudit(db, {
    provinceCode: agency.provinceCode,
    stream: `signing-key:${row.id}`,
    action: 'signing.key_installed',
    actorId: input.actorId ?? null,
    data: { provider: row.provider, fingerprint, subject: row.subject, personal: Boolean(row.accountId) },
  });
  return row;
}

/** `mocua signing import`: a CA-issued .p12/.pfx; its key is sealed, its password forgotten. */
export async function importPkcs12Key(
  db: Executor,
  input: { owner: KeyOwner; pkcs12: Uint8Array; password: string; actorId?: string | null },
): Promise<KeyRow> {
  const loaded = await loadPkcs12(input.pkcs12, input.password);
  return storeKey(db, {
    owner: input.owner,
    provider: 'pkcs12',
    certificate: loaded.certificate,
    chain: loaded.chain,
    sealedKey: signing().seal(loaded.privateKeyPkcs8, loaded.certificate),
    actorId: input.actorId ?? null,
  });
}

/** A key on a PKCS#11 token or HSM: the certificate is read from the token. */
export async function registerPkcs11Key(
  db: Executor,
  input: {
    owner: KeyOwner;
    tokenLabel: string;
    keyLabel: string;
    chain?: readonly Uint8Array[];
    actorId?: string | null;
  },
): Promise<KeyRow> {
  const signer = await signing().signerFor({
    provider: 'pkcs11',
    certificate: new Uint8Array(),
    chain: input.chain ?? [],
    tokenLabel: input.tokenLabel,
    keyLabel: input.keyLabel,
  });
  return storeKey(db, {
    owner: input.owner,
    provider: 'pkcs11',
    certificate: signer.certificate,
    chain: input.chain ?? [],
    tokenLabel: input.tokenLabel,
    keyLabel: input.keyLabel,
    actorId: input.actorId ?? null,
  });
}

/**
 * An official's remote-signing account: VNPT SmartCA (`userId` = the citizen identity number) or a
 * credential at a Cloud Signature Consortium API service (`userId` = its credentialID). The
 * certificate is read from the service.
 */
export async function registerRemoteKey(
  db: Executor,
  input: {
    owner: KeyOwner;
    userId: string;
    serialNumber?: string;
    service?: 'smartca' | 'csc';
    actorId?: string | null;
  },
): Promise<KeyRow> {
  const service = input.service ?? 'smartca';
  const { certificate, chain } = await signing().remoteCertificate(service, input.userId, input.serialNumber);
  return storeKey(db, {
    owner: input.owner,
    provider: service === 'csc' ? 'csc' : 'remote',
    certificate,
    chain,
    remoteUserId: input.userId,
    ...(input.serialNumber ? { remoteSerial: input.serialNumber } : {}),
    actorId: input.actorId ?? null,
  });
}

/** Marks a key revoked (the CA revoked its certificate, a token was lost): it signs nothing more. */
export async function revokeKey(db: Executor, keyId: string, actorId?: string | null): Promise<void> {
  const [row] = await db
    .update(signingKeys)
    .set({ status: 'revoked', revokedAt: new Date() })
    .where(eq(signingKeys.id, keyId))
    .returning();
  if (!row) return;
  await recordAudit(db, {
    provinceCode: row.provinceCode,
    stream: `signing-key:${row.id}`,
    action: 'signing.key_revoked',
    actorId: actorId ?? null,
    data: { fingerprint: row.fingerprint },
  });
}

/**
 * Active keys whose certificate ends within `days` and were not yet announced; each is marked,
 * audited, and announced by e-mail (outbox, template signing.keyExpiring) to the administrators
 * of its agency (directory `adminEmailsOf`), in time to renew it.
 */
export async function keysExpiringSoon(db: Executor, now = new Date(), days = 30): Promise<KeyRow[]> {
  const limit = new Date(now.getTime() + days * 86_400_000);
  const rows = await db
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.status, 'active'), lte(signingKeys.notAfter, limit), isNull(signingKeys.expiryNoticeAt)))
    .orderBy(asc(signingKeys.notAfter));
  for (const row of rows) {
    await db.update(signingKeys).set({ expiryNoticeAt: now }).where(eq(signingKeys.id, row.id));
    await recordAudit(db, {
      provinceCode: row.provinceCode,
      stream: `signing-key:${row.id}`,
      action: 'signing.key_expiring',
      at: now,
      data: { fingerprint: row.fingerprint, notAfter: row.notAfter.toISOString(), subject: row.subject },
    });
    await announceExpiry(db, row);
  }
  return rows;
}

async function announceExpiry(db: Executor, row: KeyRow): Promise<void> {
  const agency = await findAgency(db, row.agencyId);
  const official = row.accountId ? await staffByAccount(db, row.accountId) : undefined;
  const vars = {
    agencyName: agency?.name ?? '',
    ownerName: official?.fullName ?? agency?.name ?? row.subject,
    purpose: official ? 'cá nhân của cán bộ' : 'bằng con dấu của cơ quan',
    subject: row.subject,
    notAfter: row.notAfter,
    fingerprint: row.fingerprint,
  };
  for (const recipient of await adminEmailsOf(db, row.agencyId)) {
    await enqueue(db, {
      provinceCode: row.provinceCode,
      channel: 'email',
      topic: 'signing.keyExpiring',
      recipient,
      payload: notificationPayload('email', 'signing.keyExpiring', vars),
      dedupeKey: `signing-key-expiring:${row.id}:${recipient}`,
    });
  }
}

/**
 * Demo only: issued by the province's demo CA, a seal key for the agency, or with `official` a
 * personal key for one of its leaders (OU=DEMO either way).
 */
async function mintDemoKey(
  db: Executor,
  agencyId: string,
  ca: { certificate: Uint8Array; privateKeyPkcs8: Uint8Array },
  official?: { accountId: string; fullName: string },
): Promise<void> {
  const agency = await agencyById(db, agencyId);
  const organization = await organisationOf(db, agency.provinceCode);
  const locality = await provinceNameOf(db, agency.provinceCode);
  // ECDSA P-256: a demo key per agency is made in milliseconds, so seeding stays fast.
  const cert = await createDemoCertificate({
    commonName: official?.fullName ?? agency.name,
    organization,
    organizationalUnit: 'DEMO',
    locality,
    country: 'VN',
    password: 'demo',
    keyAlgorithm: 'ECDSA-P256',
    issuer: ca,
    withoutPkcs12: true,
  });
  await storeKey(db, {
    owner: { agencyId, accountId: official?.accountId ?? null },
    provider: 'pkcs12',
    certificate: cert.certificate,
    chain: [ca.certificate],
    sealedKey: signing().seal(cert.privateKeyPkcs8, cert.certificate),
    demo: true,
  });
}

/** Agencies that sign slips and results: service centres, people's committees and departments. */
const signingKinds = [
  'service_centre',
  'people_committee',
  'commune',
  'justice',
  'home_affairs',
  'finance',
  'agriculture_environment',
  'construction',
  'health',
  'education',
  'culture',
  'science_technology',
  'industry_trade',
] as const;

/** Demo seed: a DEMO certificate with a Vietnamese subject for every agency that signs (the only minting). */
export async function seedDossiers(db: Executor, options: { provinceCode: string }): Promise<{ created: boolean }> {
  const signers = await findAgencies(db, { provinceCode: options.provinceCode, kinds: signingKinds });
  const existing = new Set(
    (await db.select({ agencyId: signingKeys.agencyId }).from(signingKeys).where(isNull(signingKeys.accountId))).map(
      (r) => r.agencyId,
    ),
  );
  const missing = signers.filter((a) => !existing.has(a.id));
  if (missing.length === 0) return { created: false };
  const place = await provinceNameOf(db, options.provinceCode);
  // The CA's key lives only for this seeding: nothing can be issued under it afterwards.
  const ca = await createDemoCertificate({
    commonName: `DEMO CA tỉnh ${place}`,
    organizationalUnit: 'DEMO',
    password: 'demo',
    keyAlgorithm: 'ECDSA-P256',
    isCa: true,
    validityDays: 10 * 365,
    withoutPkcs12: true,
  });
  for (const a of missing) await mintDemoKey(db, a.id, ca);
  // The leaders sign results and documents personally before the seal (Decree 30/2020).
  for (const a of missing) {
    for (const member of await staffOfAgency(db, a.id)) {
      if (!member.accountId || !member.active || !member.roles.includes('leader')) continue;
      await mintDemoKey(db, a.id, ca, { accountId: member.accountId, fullName: member.fullName });
    }
  }
  return { created: true };
}

/**
 * The province's signer (its people's committee's seal key), which signs the audit checkpoints;
 * undefined when no usable key is installed (no key is minted here).
 */
export async function provinceSigner(db: Executor, provinceCode: string): Promise<Signer | undefined> {
  const root = await provinceCommitteeOf(db, provinceCode);
  return root ? agencySignerOf(db, root.id) : undefined;
}
