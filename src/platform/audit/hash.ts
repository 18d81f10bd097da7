/** The hash of an audit entry: one canonical text, hashed here and, for deferred writes, in SQL (deferred.ts). */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS = '0'.repeat(64);

export interface AuditInput {
  provinceCode: string;
  /** The record whose history this is, e.g. `dossier:000.00.04.H08-261122-0001`. */
  stream: string;
  action: string;
  actorId?: string | null;
  actorRole?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

export interface HashedFields {
  provinceCode: string;
  stream: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  data: unknown;
}

/** The text an entry's hash covers after `prevHash` and a newline (also hashed in SQL: deferred.ts). */
export function canonicalEntry(e: HashedFields): string {
  return (
    canonicalize({
      provinceCode: e.provinceCode,
      stream: e.stream,
      seq: e.seq,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorRole: e.actorRole,
      action: e.action,
      data: e.data,
    }) ?? ''
  );
}

export function entryHash(prevHash: string, e: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(e)).digest('hex');
}

/** JSON round trip: what is hashed is exactly what jsonb gives back (no undefined, no Dates). */
export function jsonData(input: AuditInput): unknown {
  return JSON.parse(JSON.stringify(input.data ?? {})) as unknown;
}
