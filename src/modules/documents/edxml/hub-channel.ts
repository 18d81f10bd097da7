/**
 * The outbox channel that sends packages to the hub (platform/notify: retries with exponential
 * backoff, dead letter after the last attempt). A package the hub already acknowledged is never
 * sent again: the hub's DocId is stored with it, and a retry of an acknowledged row is a no-op.
 * A refusal by the hub (a bad package, an unknown recipient) is not retried.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { invalidPayload } from '../../../platform/notify/errors.ts';
import type { Channel } from '../../../platform/notify/index.ts';
import type { DocumentHub } from './hub-client.ts';
import type { HubDelivery } from './queue-outgoing-document.ts';
import { edxmlPackages, edxmlStatuses } from './schema.ts';

/** The hub client of an agency (its SystemId and SecretKey), or undefined when it is not connected. */
export type HubFor = (agencyCode: string) => DocumentHub | undefined;

function isDelivery(value: unknown): value is HubDelivery {
  const v = value as HubDelivery;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.kind === 'package' || v.kind === 'status') &&
    Number.isSafeInteger(v.id) &&
    typeof v.agencyCode === 'string'
  );
}

export function hubChannel(db: Executor, hubFor: HubFor, now: () => Date = () => new Date()): Channel {
  return async (message) => {
    if (!isDelivery(message.payload)) throw invalidPayload('edxml', 'not a hub delivery');
    const { kind, id, agencyCode } = message.payload;
    const hub = hubFor(agencyCode);
    if (!hub) throw invalidPayload('edxml', `agency ${agencyCode} is not connected to the hub`);
    const table = kind === 'package' ? edxmlPackages : edxmlStatuses;
    const [row] = await db.select({ xml: table.xml, hubDocId: table.hubDocId }).from(table).where(eq(table.id, id));
    if (!row) throw invalidPayload('edxml', `${kind} ${id} not found`);
    if (row.hubDocId) return;
    const { docId } = await hub.send(row.xml, kind === 'package' ? 'edoc' : 'status');
    await db.update(table).set({ hubDocId: docId, sentAt: now() }).where(eq(table.id, id));
  };
}
