/**
 * The national-portal connector's own tables (payments-sync-sso.md §3.3): which of our dossiers
 * came from the national portal (its code kept beside ours, §3.2), the sync state of each dossier
 * and of each timeline entry (pending / sent, attempts, the portal's last raw answer). The
 * deliveries themselves are outbox messages (platform/notify, channel `national`).
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A dossier filed on the national portal: MaHoSo there (`MaHoSoQG` / `MaHoSoKhac`) ↔ ours. */
export const nationalFilings = pgTable(
  'national_filings',
  {
    nationalCode: text('national_code').primaryKey(),
    provinceCode: text('province_code').notNull(),
    dossierId: uuid('dossier_id').notNull(),
    dossierCode: text('dossier_code').notNull(),
    /** How it reached us: the portal pushed it, or our scheduled pull found it. */
    arrivedBy: text('arrived_by', { enum: ['push', 'pull'] }).notNull(),
    /** NgayNopHoSo on the portal, when given. */
    filedAt: ts('filed_at'),
    acceptedAt: ts('accepted_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('national_filings_dossier').on(t.dossierId)],
);

/** What the national portal was last told about a dossier (`DongBoHoSoMC`). */
export type SyncedHoSo = Record<string, unknown>;

export const nationalDossierSync = pgTable(
  'national_dossier_sync',
  {
    dossierId: uuid('dossier_id').primaryKey(),
    provinceCode: text('province_code').notNull(),
    dossierCode: text('dossier_code').notNull(),
    /** The action number of the newest change queued for the portal. */
    queuedSeq: integer('queued_seq').notNull(),
    /** The newest action number the portal acknowledged (an older push never overwrites it). */
    sentSeq: integer('sent_seq'),
    /** The first push (isUpdating=False) succeeded: later pushes are updates. */
    firstSentAt: ts('first_sent_at'),
    lastSentAt: ts('last_sent_at'),
    /** The HoSo of the newest queued change, in the portal's format. */
    payload: jsonb('payload').$type<SyncedHoSo>().notNull(),
    /** The HoSo the portal acknowledged last (what reconciliation compares with). */
    sentPayload: jsonb('sent_payload').$type<SyncedHoSo>(),
    lastResponse: text('last_response'),
    /** The procedure's online level when the dossier was filed (766 indicator 3.x). */
    onlineLevel: text('online_level'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('national_dossier_sync_pending').on(t.provinceCode).where(sql`sent_seq is distinct from queued_seq`)],
);

/** One `QuaTrinhXuLy` entry per dossier action, with its own sync flag (§3.1: chunks of 10). */
export const nationalTimeline = pgTable(
  'national_timeline',
  {
    dossierId: uuid('dossier_id').notNull(),
    seq: integer('seq').notNull(),
    provinceCode: text('province_code').notNull(),
    entry: jsonb('entry').$type<Record<string, unknown>>().notNull(),
    sentAt: ts('sent_at'),
    lastResponse: text('last_response'),
  },
  (t) => [
    primaryKey({ columns: [t.dossierId, t.seq] }),
    index('national_timeline_unsent').on(t.dossierId).where(sql`sent_at is null`),
  ],
);

/** The portal's session token (auth_endpoint), shared by every process; OpenCPS keeps it in `AccessToken`. */
export const nationalSessions = pgTable('national_sessions', {
  adapterUrl: text('adapter_url').primaryKey(),
  session: text('session').notNull(),
  obtainedAt: ts('obtained_at').notNull().defaultNow(),
});
