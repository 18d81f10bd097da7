/**
 * What an agency sees of a package it sent or received: where it went, the hub's id, the
 * verification of its signatures (received) and the statuses, in order, with their Vietnamese
 * labels (DOMAIN.md §6.2).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import { isStatusCode, STATUS_CODES } from './model.ts';
import { edxmlPackages, edxmlStatuses, type ReceivedVerification } from './schema.ts';

export interface ExchangeView {
  id: number;
  direction: 'outgoing' | 'incoming';
  documentId: string;
  code: string;
  subject: string;
  senderCode: string;
  recipientCodes: string[];
  documentRef: string | null;
  hubDocId: string | null;
  sentAt: Date | null;
  lastStatusCode: string | null;
  verification: ReceivedVerification | null;
  statuses: Array<{
    direction: 'sent' | 'received';
    organId: string;
    organName: string;
    statusCode: string;
    label: string;
    description: string;
    at: Date;
    delivered: boolean;
  }>;
}

export async function exchangeOf(db: Executor, packageId: number): Promise<ExchangeView> {
  const [pkg] = await db.select().from(edxmlPackages).where(eq(edxmlPackages.id, packageId));
  if (!pkg) throw new DomainError('EDXML_MESSAGE_NOT_FOUND');
  const statuses = await db
    .select()
    .from(edxmlStatuses)
    .where(eq(edxmlStatuses.packageId, packageId))
    .orderBy(asc(edxmlStatuses.at), asc(edxmlStatuses.id));
  return {
    id: pkg.id,
    direction: pkg.direction,
    documentId: pkg.documentId,
    code: `${pkg.codeNumber}/${pkg.codeNotation}`,
    subject: pkg.subject,
    senderCode: pkg.senderCode,
    recipientCodes: pkg.recipientCodes,
    documentRef: pkg.documentRef,
    hubDocId: pkg.hubDocId,
    sentAt: pkg.sentAt,
    lastStatusCode: pkg.lastStatusCode,
    verification: pkg.verification,
    statuses: statuses.map((s) => ({
      direction: s.direction,
      organId: s.organId,
      organName: s.organName,
      statusCode: s.statusCode,
      label: isStatusCode(s.statusCode) ? STATUS_CODES[s.statusCode] : s.statusCode,
      description: s.description,
      at: s.at,
      delivered: s.direction === 'received' || s.hubDocId !== null,
    })),
  };
}

/** The verification stored when a document arrived over the hub (null: it did not come over the hub). */
export async function receivedVerificationOf(db: Executor, documentId: string): Promise<ReceivedVerification | null> {
  const [pkg] = await db
    .select({ verification: edxmlPackages.verification })
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.direction, 'incoming'), eq(edxmlPackages.documentRef, documentId)))
    .orderBy(asc(edxmlPackages.id))
    .limit(1);
  return pkg?.verification ?? null;
}
