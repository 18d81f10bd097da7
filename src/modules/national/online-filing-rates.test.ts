/**
 * QĐ 766 online-filing indicators (DOMAIN.md §3.1: 3.3 and 3.x) from what the national portal
 * acknowledged, on a small dataset computed by hand:
 *
 * | dossier | received (VN time)  | channel (KenhThucHien) | procedure level | filed on the portal |
 * |---------|---------------------|------------------------|-----------------|---------------------|
 * | A       | 02/11/2026 08:00    | 2 online               | full            | yes                 |
 * | B       | 03/11/2026 09:30    | 2 online               | full            | no (our portal)     |
 * | C       | 05/11/2026 14:00    | 1 counter              | full            | no                  |
 * | D       | 10/11/2026 10:00    | 3 post                 | partial         | no                  |
 * | E       | 30/11/2026 16:59:59 | 2 online               | partial         | yes                 |
 * | F       | 01/12/2026 00:00    | 2 online               | full            | — (next month)      |
 * | G       | 12/11/2026 08:00    | 2 online               | full            | never acknowledged  |
 *
 * November 2026: received A B C D E = 5; online A B E = 3 → 3.3 = 60%; via the portal A E = 2;
 * full-process A B C = 3, of which online A B = 2 → 3.x = 66.67%. F is December; G was never
 * acknowledged by the portal, so the portal does not count it. Another province's row is ignored.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { onlineFilingRates } from './online-filing-rates.ts';
import { nationalDossierSync, nationalFilings } from './schema.ts';

let t: TestDb;

const row = (provinceCode: string, ngayTiepNhan: string, kenh: number, onlineLevel: string, acknowledged = true) => {
  const payload = { MaHoSo: randomUUID(), NgayTiepNhan: ngayTiepNhan, KenhThucHien: kenh };
  return {
    dossierId: randomUUID(),
    provinceCode,
    dossierCode: payload.MaHoSo,
    queuedSeq: 1,
    sentSeq: acknowledged ? 1 : null,
    payload,
    sentPayload: acknowledged ? payload : null,
    onlineLevel,
  };
};

before(async () => {
  t = await createTestDb();
  const rows = {
    A: row('08', '20261102080000', 2, 'full'),
    B: row('08', '20261103093000', 2, 'full'),
    C: row('08', '20261105140000', 1, 'full'),
    D: row('08', '20261110100000', 3, 'partial'),
    E: row('08', '20261130165959', 2, 'partial'),
    F: row('08', '20261201000000', 2, 'full'),
    G: row('08', '20261112080000', 2, 'full', false),
    other: row('11', '20261115080000', 2, 'full'),
  };
  await t.db.insert(nationalDossierSync).values(Object.values(rows));
  for (const key of ['A', 'E'] as const) {
    await t.db.insert(nationalFilings).values({
      nationalCode: `G22.99-${key}`,
      provinceCode: '08',
      dossierId: rows[key].dossierId,
      dossierCode: rows[key].dossierCode,
      arrivedBy: 'pull',
    });
  }
});
after(() => t.close());

test('November 2026: 3.3 = 3/5 = 60%, 3.x = 2/3 = 66.67%, 2 of the online ones filed on the national portal', async () => {
  const rates = await onlineFilingRates(t.db, '08', {
    from: new Date('2026-11-01T00:00:00+07:00'),
    to: new Date('2026-12-01T00:00:00+07:00'),
  });
  assert.deepEqual(rates, {
    received: 5,
    online: 3,
    viaNationalPortal: 2,
    fullProcessReceived: 3,
    fullProcessOnline: 2,
    onlineRate: 60,
    fullProcessOnlineRate: 66.67,
  });
});

test('a period with nothing received shows N/A (null), not 0% (§3.1 rounding and display)', async () => {
  const rates = await onlineFilingRates(t.db, '08', {
    from: new Date('2026-10-01T00:00:00+07:00'),
    to: new Date('2026-11-01T00:00:00+07:00'),
  });
  assert.equal(rates.received, 0);
  assert.equal(rates.onlineRate, null);
  assert.equal(rates.fullProcessOnlineRate, null);
});
