/**
 * Tells a document's sender where it stands (DOMAIN.md §6.2): 01 arrived, 02 refused,
 * 03 registered, 04 assigned, 05 in progress, 06 done, 13/15/16 for recall and update. The
 * status package is built, kept and put in the outbox in the caller's transaction; each code is
 * reported once per received package (a repeated call changes nothing).
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import { enqueue } from '../../../platform/notify/index.ts';
import { buildEdxmlStatus } from './build-edxml.ts';
import { hubTimestamp, type Organ, STATUS_CODES, type StaffInfo, type StatusCode } from './model.ts';
import { HUB_CHANNEL, type HubDelivery } from './queue-outgoing-document.ts';
import { edxmlPackages, edxmlStatuses } from './schema.ts';

export interface ReportStatusInput {
  /** The incoming package the status is about. */
  packageId: number;
  statusCode: StatusCode;
  /** Our agency as it signs the status (OrganName at least). */
  from: Organ;
  description?: string;
  staff?: StaffInfo;
  at: Date;
}

/** Returns true when the status was queued now, false when this code was already reported. */
export async function reportStatus(tx: Executor, input: ReportStatusInput): Promise<boolean> {
  const [pkg] = await tx
    .select()
    .from(edxmlPackages)
    .where(and(eq(edxmlPackages.id, input.packageId), eq(edxmlPackages.direction, 'incoming')));
  if (!pkg) throw new DomainError('EDXML_MESSAGE_NOT_FOUND');
  if (input.from.organId !== pkg.agencyCode) throw new DomainError('FORBIDDEN');
  const description = input.description ?? STATUS_CODES[input.statusCode];
  const xml = buildEdxmlStatus({
    responseFor: {
      organId: pkg.senderCode,
      code: `${pkg.codeNumber}/${pkg.codeNotation}`,
      promulgationDate: pkg.promulgationDate,
      documentId: pkg.documentId,
    },
    from: input.from,
    statusCode: input.statusCode,
    description,
    timestamp: hubTimestamp(input.at),
    ...(input.staff ? { staff: input.staff } : {}),
  });
  const [row] = await tx
    .insert(edxmlStatuses)
    .values({
      provinceCode: pkg.provinceCode,
      packageId: pkg.id,
      direction: 'sent',
      organId: input.from.organId,
      organName: input.from.organName,
      statusCode: input.statusCode,
      description,
      staff: input.staff ?? null,
      at: input.at,
      xml,
    })
    .onConflictDoNothing()
    .returning({ id: edxmlStatuses.id });
  if (!row) return false;
  await tx.update(edxmlPackages).set({ lastStatusCode: input.statusCode }).where(eq(edxmlPackages.id, pkg.id));
  const delivery: HubDelivery = { kind: 'status', id: row.id, agencyCode: pkg.agencyCode };
  await enqueue(tx, {
    provinceCode: pkg.provinceCode,
    channel: HUB_CHANNEL,
    topic: 'edxml.status',
    payload: delivery,
    dedupeKey: `edxml:status:${row.id}`,
  });
  return true;
}
