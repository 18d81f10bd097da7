/**
 * The data-sharing gateway's tables (LGSP/NDXP, DOMAIN.md §9): the signed message log, its
 * sealed and time-stamped batches, the citizens' consents to a population look-up and the
 * population data waiting to prefill a counter form, then marking the dossier that used it.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const exchangeResults = ['ok', 'error', 'timeout', 'circuit_open', 'refused'] as const;
export type ExchangeResult = (typeof exchangeResults)[number];

/**
 * One call through the gateway: who asked, which service, why, for which dossier, how big, when,
 * how it ended; the SHA-256 of the request and of the answer (never their content) and the
 * province's signature over the record's canonical bytes (record-format.ts). Append-only.
 */
export const exchangeMessages = pgTable(
  'exchange_messages',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    provinceCode: text('province_code').notNull(),
    at: ts('at').notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    callerModule: text('caller_module').notNull(),
    serviceId: text('service_id').notNull(),
    purpose: text('purpose').notNull(),
    dossierRef: text('dossier_ref'),
    requestBytes: integer('request_bytes').notNull(),
    responseBytes: integer('response_bytes').notNull(),
    requestDigest: text('request_digest').notNull(),
    responseDigest: text('response_digest'),
    result: text('result').$type<ExchangeResult>().notNull(),
    errorCode: text('error_code'),
    latencyMs: integer('latency_ms').notNull(),
    attempts: integer('attempts').notNull(),
    /** Base64 signature (ECDSA/RSA over SHA-256) of the canonical record with the province's key. */
    signature: text('signature'),
    /** SHA-256 of the signing certificate (the certificate itself is kept once, in exchange_certificates). */
    certFingerprint: text('cert_fingerprint'),
    /** Set when a batch seals the record. */
    batchId: bigint('batch_id', { mode: 'number' }),
  },
  (t) => [
    index('exchange_messages_unsealed').on(t.seq).where(sql`batch_id is null`),
    index('exchange_messages_batch').on(t.batchId, t.seq),
    index('exchange_messages_service_at').on(t.provinceCode, t.serviceId, t.at),
    index('exchange_messages_at').on(t.provinceCode, t.at),
  ],
);

/**
 * A sealed batch: the digest of its records in order, chained to the previous batch, signed
 * with the province's key; its RFC 3161 token is added when the TSA answers (queued otherwise).
 */
export const exchangeBatches = pgTable('exchange_batches', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  provinceCode: text('province_code').notNull(),
  sealedAt: ts('sealed_at').notNull(),
  records: integer('records').notNull(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  prevDigest: text('prev_digest').notNull(),
  digest: text('digest').notNull().unique(),
  signature: text('signature'),
  certFingerprint: text('cert_fingerprint'),
  timestampToken: text('timestamp_token'),
  stampedAt: ts('stamped_at'),
});

/** Certificates that signed records or batches, by fingerprint, so the export can carry them. */
export const exchangeCertificates = pgTable('exchange_certificates', {
  fingerprint: text('fingerprint').primaryKey(),
  der: text('der').notNull(),
});

/**
 * The citizen's consent to a look-up in the population register (Decree 13/2023 on personal
 * data: consent before processing): who agreed, how, before which officer, for what.
 */
export const exchangeConsents = pgTable(
  'exchange_consents',
  {
    id: uuid('id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    personalId: text('personal_id').notNull(),
    method: text('method').$type<'counter_statement' | 'online_checkbox'>().notNull(),
    purpose: text('purpose').notNull(),
    procedureCode: text('procedure_code'),
    recordedBy: text('recorded_by').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('exchange_consents_person').on(t.provinceCode, t.personalId)],
);

/** What the population register answered, waiting for the counter form or the online filing; kept only a short while. */
export interface PopulationPrefill {
  fullName: string;
  personalId: string;
  birthDate: string;
  gender: string;
  ethnicity: string;
  nationality: string;
  permanentAddress: string;
  currentAddress: string;
  father?: { fullName: string; personalId: string };
  mother?: { fullName: string; personalId: string };
  spouse?: { fullName: string; personalId: string };
  householdHead?: { fullName: string; personalId: string; relation: string };
}

export const exchangePrefills = pgTable(
  'exchange_prefills',
  {
    id: uuid('id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    consentId: uuid('consent_id').notNull(),
    messageId: uuid('message_id').notNull(),
    /** Who looked it up and alone may take it: the receiver at the counter, or the citizen's account online. */
    staffId: text('staff_id').notNull(),
    data: jsonb('data').$type<PopulationPrefill>(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** The dossier filed with this data (indicators 4.5a/4.5b, DOMAIN.md §3). */
    dossierId: text('dossier_id'),
    dossierCode: text('dossier_code'),
    procedureCode: text('procedure_code'),
    usedAt: ts('used_at'),
  },
  (t) => [index('exchange_prefills_dossier').on(t.dossierId)],
);
