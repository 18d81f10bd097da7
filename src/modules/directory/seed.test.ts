import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, verifyAudit } from '../../platform/audit/index.ts';
import { findAccountByLogin } from '../../platform/auth/accounts.ts';
import { anonymous, staffRoles } from '../../platform/auth/caller.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { rows } from '../../platform/db/index.ts';
import { adminUnitMappings, adminUnits, agencies, counters, staff } from './schema.ts';
import { DEMO_PASSWORD, readAddressPackage, seedDirectory } from './seed.ts';
import { listAdminUnits, mapOldUnit } from './service.ts';
import { type SeededDirectory, seededDirectory } from './testing.ts';

let d: SeededDirectory;
before(async () => {
  d = await seededDirectory();
});
after(() => d.t.close());

const countOf = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(d.t.db, query))[0]?.n ?? Number.NaN;

test('34 provinces and 3,321 commune-level units are loaded, in force from 01/07/2025 (QĐ 19/2025)', async () => {
  assert.equal(await countOf(sql`select count(*)::int as n from ${adminUnits} where kind = 'province'`), 34);
  assert.equal(await countOf(sql`select count(*)::int as n from ${adminUnits} where kind <> 'province'`), 3321);
  const kinds = await rows<{ kind: string; n: number }>(
    d.t.db,
    sql`select kind, count(*)::int as n from ${adminUnits} group by kind order by kind`,
  );
  assert.deepEqual(kinds, [
    { kind: 'commune', n: 2621 },
    { kind: 'province', n: 34 },
    { kind: 'special_zone', n: 13 },
    { kind: 'ward', n: 687 },
  ]);
  assert.equal(
    await countOf(sql`select count(*)::int as n from ${adminUnits} where effective_from <> '2025-07-01'`),
    0,
  );
});

test('Tuyên Quang (08) has its 124 communes and wards, Hà Giang 1 and Đồng Văn among them', async () => {
  const { items, total } = await listAdminUnits(d.t.db, anonymous, { provinceCode: '08', limit: 500 });
  assert.equal(total, 125);
  assert.equal(items[0]?.name, 'Tỉnh Tuyên Quang');
  const names = new Set(items.map((u) => u.name));
  for (const n of ['Phường Hà Giang 1', 'Xã Đồng Văn', 'Xã Mèo Vạc', 'Phường Minh Xuân']) assert.ok(names.has(n), n);
});

test('searching units folds case and diacritics', async () => {
  const { items } = await listAdminUnits(d.t.db, anonymous, { provinceCode: '08', q: 'dong van' });
  assert.deepEqual(
    items.map((u) => u.code),
    ['00721'],
  );
});

test('every mapping row points at a 2025 unit; an old Hà Giang ward maps to Phường Hà Giang 1', async () => {
  const pkg = await readAddressPackage();
  assert.equal(pkg.unresolved, 0);
  assert.equal(await countOf(sql`select count(*)::int as n from ${adminUnitMappings}`), pkg.mappings.length);
  const dangling = sql`select count(*)::int as n from ${adminUnitMappings} m left join ${adminUnits} u on u.code = m.new_code where u.code is null`;
  assert.equal(await countOf(dangling), 0);
  const mapped = await mapOldUnit(d.t.db, anonymous, { oldCode: '00949' });
  assert.deepEqual(
    mapped.map((m) => [m.oldName, m.oldProvince, m.newCode, m.newName]),
    [['Xã Phương Thiện', 'Tỉnh Hà Giang', '00694', 'Phường Hà Giang 1']],
  );
});

test('the demo province has its UBND, service centre, ≥ 8 departments and ≥ 6 communes with their centres', async () => {
  const all = await d.t.db.select().from(agencies).where(eq(agencies.provinceCode, '08'));
  const of = (level: string, kind: string) => all.filter((a) => a.level === level && a.kind === kind);
  assert.equal(of('province', 'people_committee').filter((a) => a.parentId === null).length, 1);
  assert.equal(of('province', 'service_centre').length, 1);
  const departments = all.filter(
    (a) => a.level === 'province' && !['people_committee', 'service_centre'].includes(a.kind),
  );
  assert.ok(departments.length >= 8, `${departments.length} departments`);
  const communes = of('commune', 'commune');
  assert.ok(communes.length >= 6);
  for (const c of communes) {
    const centres = all.filter((a) => a.parentId === c.id && a.kind === 'service_centre');
    assert.equal(centres.length, 1, c.name);
  }
  assert.ok(
    communes.some((c) => c.adminUnitCode === '00694'),
    'a former Hà Giang ward',
  );
});

test('counters: ≥ 6 at the provincial centre and ≥ 2 at each commune centre', async () => {
  const centres = await d.t.db.select().from(agencies).where(eq(agencies.kind, 'service_centre'));
  for (const centre of centres) {
    const n = (await d.t.db.select().from(counters).where(eq(counters.agencyId, centre.id))).length;
    assert.ok(n >= (centre.level === 'province' ? 6 : 2), `${centre.name}: ${n}`);
  }
});

test('about thirty staff cover every role, each with a staff account that signs in with the demo password', async () => {
  const all = await d.t.db.select().from(staff);
  assert.ok(all.length >= 28 && all.length <= 45, `${all.length} staff`);
  const roles = new Set(all.flatMap((s) => s.roles));
  for (const role of staffRoles) assert.ok(roles.has(role), role);
  for (const login of ['tiepnhan.tinh', 'chuyenvien.tuphap', 'lanhdao.tuphap', 'admin']) {
    const account = await findAccountByLogin(d.t.db, login);
    assert.equal(account?.kind, 'staff', login);
    assert.ok(account?.passwordHash && (await verifyPassword(account.passwordHash, DEMO_PASSWORD)), login);
    assert.equal(all.filter((s) => s.accountId === account?.id).length, 1, login);
  }
});

test('every demo record has its audit entry and the log verifies', async () => {
  const [agencyCount, staffCount] = await Promise.all([
    countOf(sql`select count(*)::int as n from ${agencies}`),
    countOf(sql`select count(*)::int as n from ${staff}`),
  ]);
  const created = async (action: string) =>
    (
      await d.t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.provinceCode, '08')))
    ).length;
  assert.equal(await created('agency.created'), agencyCount);
  assert.equal(await created('staff.created'), staffCount);
  assert.equal((await verifyAudit(d.t.db)).firstBreak, null);
});

test('seeding again changes nothing and still lists the demo accounts', async () => {
  const before = await countOf(sql`select count(*)::int as n from ${auditEvents}`);
  const again = await seedDirectory(d.t.db, { provinceCode: '08' });
  assert.equal(again.created, false);
  assert.ok(again.accounts.some((a) => a.login === 'admin'));
  assert.equal(await countOf(sql`select count(*)::int as n from ${auditEvents}`), before);
});

test('another province gets the units but no demo directory', async () => {
  const result = await seedDirectory(d.t.db, { provinceCode: '38' });
  assert.deepEqual(result, { created: false, accounts: [] });
});
