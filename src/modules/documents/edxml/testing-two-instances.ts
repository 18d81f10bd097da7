/**
 * Two Mở Cửa instances joined by the hub stand-in, for the exchange tests: the Department of
 * Justice and the People's Committee Office, each with its own database, hub account, event bus
 * and outbox; `deliver` runs a side's outbox (events, then the packages they queue), `receive`
 * fetches what the hub holds for it.
 */
import assert from 'node:assert/strict';
import { type HubStandIn, startHubStandIn } from '../../../../test/standins/edxml-hub/server.ts';
import { dispatchOutbox } from '../../../platform/notify/index.ts';
import { EventBus } from '../../../platform/notify/wiring.ts';
import { agencyByCode } from '../../directory/index.ts';
import { CODES } from '../../directory/testing.ts';
import { type DocumentsTestbed, documentsTestbed } from '../testing.ts';
import { documentHooks, type ExchangeSettings, subscribeDocumentEvents } from './connect-documents.ts';
import { hubChannel } from './hub-channel.ts';
import { createHubClient, type DocumentHub } from './hub-client.ts';
import { receiveFromHub } from './receive-from-hub.ts';

export const OFFICE = '000.00.01.H60';

export interface Side {
  tb: DocumentsTestbed;
  code: string;
  client: DocumentHub;
  deliver(): Promise<void>;
  receive(): Promise<{ documents: number; statuses: number }>;
}

export interface TwoInstances {
  hub: HubStandIn;
  justice: Side;
  office: Side;
  close(): Promise<void>;
}

export async function twoInstances(): Promise<TwoInstances> {
  const hub = await startHubStandIn();
  let later = Date.now() + 60_000;
  async function side(code: string, secret: string): Promise<Side> {
    const tb = await documentsTestbed();
    hub.register(code, secret);
    const client = createHubClient({ endpoint: hub.url, systemId: code, secretKey: secret });
    const agency = await agencyByCode(tb.t.db, code);
    assert.ok(agency);
    const settings: ExchangeSettings = {
      provinceCode: agency.provinceCode,
      blobs: tb.ctx().blobs,
      hubFor: (c) => (c === code ? client : undefined),
      now: () => new Date(),
    };
    const bus = new EventBus();
    subscribeDocumentEvents(bus, tb.t.db, settings);
    const channels = { event: bus.channel, edxml: hubChannel(tb.t.db, settings.hubFor) };
    return {
      tb,
      code,
      client,
      async deliver() {
        // Events first (they queue packages), then the packages: two rounds, always after the rows' due time.
        for (let round = 0; round < 2; round++) {
          later = Math.max(later, Date.now()) + 60_000;
          await dispatchOutbox(tb.t.db, channels, { now: new Date(later) });
        }
      },
      receive: () =>
        receiveFromHub(tb.t.db, client, {
          provinceCode: agency.provinceCode,
          agency: { organId: code, organName: agency.name },
          ...documentHooks(settings),
        }),
    };
  }
  const justice = await side(CODES.tuphap, 'khoá-sở-tư-pháp');
  const office = await side(OFFICE, 'khoá-văn-phòng');
  return {
    hub,
    justice,
    office,
    async close() {
      await justice.tb.t.close();
      await office.tb.t.close();
      await hub.close();
    },
  };
}
