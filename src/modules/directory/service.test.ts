import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/index.ts';
import { createAccount, findAccountByLogin } from '../../platform/auth/accounts.ts';
import { anonymous, systemCaller } from '../../platform/auth/caller.ts';
import { createSession, loadSession } from '../../platform/auth/sessions.ts';
import { DomainError } from '../../platform/errors.ts';
import { directoryCallerResolver, grantProvinceAdmin } from './bootstrap.ts';
import {
  createAgency,
  createCounter,
  createStaff,
  deactivateStaff,
  getAgency,
  listAgencies,
  listCounters,
  listStaff,
  resolveStaffCaller,
  updateAgency,
  updateCounter,
  updateStaff,
} from './service.ts';
import { staffCallerColumn } from './staff.ts';
import { CODES, type SeededDirectory, seededDirectory } from './testing.ts';

let d: SeededDirectory;
before(async () => {
  d = await seededDirectory();
});
after(() => d.t.close());

const rejectsWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

test('staff of one agency cannot change the staff of another agency', async () => {
  const adminTuphap = await d.callerFor('admin.tuphap');
  const yteSpecialist = await d.staffId('chuyenvien.yte');
  await assert.rejects(
    updateStaff(d.t.db, adminTuphap, yteSpecialist, { roles: ['leader'] }),
    rejectsWith('FORBIDDEN'),
  );
  await assert.rejects(deactivateStaff(d.t.db, adminTuphap, yteSpecialist), rejectsWith('FORBIDDEN'));
  const yte = await d.agencyId(CODES.yte);
  await assert.rejects(
    createStaff(d.t.db, adminTuphap, { agencyId: yte, fullName: 'Người Lạ', roles: ['admin'] }),
    rejectsWith('FORBIDDEN'),
  );
});

test('an agency admin manages their own staff, and cannot move them to another agency', async () => {
  const adminTuphap = await d.callerFor('admin.tuphap');
  const specialist = await d.staffId('chuyenvien2.tuphap');
  const updated = await updateStaff(d.t.db, adminTuphap, specialist, {
    roles: ['specialist', 'clerk'],
    title: 'Trưởng phòng',
  });
  assert.deepEqual(updated.roles, ['specialist', 'clerk']);
  const yte = await d.agencyId(CODES.yte);
  await assert.rejects(updateStaff(d.t.db, adminTuphap, specialist, { agencyId: yte }), rejectsWith('FORBIDDEN'));
  const trail = await d.t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.stream, `staff:${specialist}`), eq(auditEvents.action, 'staff.updated')));
  assert.equal(trail.length, 1);
  assert.equal(trail[0]?.actorId, adminTuphap.kind === 'staff' ? adminTuphap.id : 'none');
});

test('the province admin (Sở KH&CN) can change any staff and move them between agencies', async () => {
  const admin = await d.callerFor('admin');
  const yteSpecialist = await d.staffId('chuyenvien.yte');
  const nnmt = await d.agencyId(CODES.nnmt);
  const moved = await updateStaff(d.t.db, admin, yteSpecialist, { agencyId: nnmt });
  assert.equal(moved.agencyId, nnmt);
  const back = await updateStaff(d.t.db, admin, yteSpecialist, { agencyId: await d.agencyId(CODES.yte) });
  assert.equal(back.agencyId, await d.agencyId(CODES.yte));
});

test('receivers, leaders, citizens and anonymous callers change nothing', async () => {
  const target = await d.staffId('chuyenvien.tuphap');
  for (const login of ['tiepnhan.tinh', 'lanhdao.tuphap', 'thanhtra.tinh']) {
    await assert.rejects(
      updateStaff(d.t.db, await d.callerFor(login), target, { title: 'x' }),
      rejectsWith('FORBIDDEN'),
    );
  }
  await assert.rejects(
    updateStaff(d.t.db, { kind: 'citizen', id: 'c1' }, target, { title: 'x' }),
    rejectsWith('FORBIDDEN'),
  );
  await assert.rejects(updateStaff(d.t.db, anonymous, target, { title: 'x' }), rejectsWith('UNAUTHENTICATED'));
});

test('an admin cannot lock themselves out', async () => {
  const admin = await d.callerFor('admin.tuphap');
  const self = await d.staffId('admin.tuphap');
  await assert.rejects(deactivateStaff(d.t.db, admin, self), rejectsWith('STAFF_SELF_LOCKOUT'));
  await assert.rejects(updateStaff(d.t.db, admin, self, { roles: ['specialist'] }), rejectsWith('STAFF_SELF_LOCKOUT'));
  assert.equal((await updateStaff(d.t.db, admin, self, { phone: '0207 3822 000' })).phone, '0207 3822 000');
});

test('no one edits their own roles: an agency admin cannot grant themselves every role (issue 11, Medium 10)', async () => {
  const admin = await d.callerFor('admin.tuphap');
  const self = await d.staffId('admin.tuphap');
  const everyRole = ['receiver', 'specialist', 'leader', 'clerk', 'hotline_operator', 'admin', 'inspector'];
  await assert.rejects(updateStaff(d.t.db, admin, self, { roles: everyRole }), rejectsWith('STAFF_OWN_ROLES'));
  await assert.rejects(updateStaff(d.t.db, admin, self, { roles: ['admin', 'clerk'] }), rejectsWith('STAFF_OWN_ROLES'));
  const province = await d.callerFor('admin');
  const provinceSelf = await d.staffId('admin');
  await assert.rejects(
    updateStaff(d.t.db, province, provinceSelf, { roles: ['admin', 'leader'] }),
    rejectsWith('STAFF_OWN_ROLES'),
  );
  const [row] = (
    await listStaff(d.t.db, admin, { provinceCode: '08', agencyId: await d.agencyId(CODES.tuphap) })
  ).items.filter((s) => s.id === self);
  assert.deepEqual(row?.roles, ['admin']);
});

test('granting leader or admin needs the level above the agency: an agency admin grants them only below their own agency', async () => {
  const adminTuphap = await d.callerFor('admin.tuphap');
  const specialist = await d.staffId('chuyenvien2.tuphap');
  for (const roles of [
    ['specialist', 'leader'],
    ['specialist', 'admin'],
  ]) {
    await assert.rejects(
      updateStaff(d.t.db, adminTuphap, specialist, { roles }),
      rejectsWith('STAFF_ROLE_NEEDS_LEVEL_ABOVE'),
    );
  }
  const tuphap = await d.agencyId(CODES.tuphap);
  await assert.rejects(
    createStaff(d.t.db, adminTuphap, { agencyId: tuphap, fullName: 'Lãnh Đạo Mới', roles: ['leader'] }),
    rejectsWith('STAFF_ROLE_NEEDS_LEVEL_ABOVE'),
  );
  // The province admin is the level above Sở Tư pháp.
  const province = await d.callerFor('admin');
  assert.deepEqual((await updateStaff(d.t.db, province, specialist, { roles: ['specialist', 'leader'] })).roles, [
    'specialist',
    'leader',
  ]);
  // A commune admin is the level above the commune's service centre.
  const adminMeovac = await d.callerFor('admin.meovac');
  const receiver = await d.staffId('tiepnhan.meovac');
  assert.deepEqual((await updateStaff(d.t.db, adminMeovac, receiver, { roles: ['receiver', 'leader'] })).roles, [
    'receiver',
    'leader',
  ]);
  // Above the agencies that administer the province there is only the system (the CLI).
  const khcnSpecialist = await createStaff(d.t.db, province, {
    agencyId: await d.agencyId(CODES.khcn),
    fullName: 'Chuyên Viên Mới',
    roles: ['specialist'],
  });
  await assert.rejects(
    updateStaff(d.t.db, province, khcnSpecialist.id, { roles: ['admin'] }),
    rejectsWith('STAFF_ROLE_NEEDS_LEVEL_ABOVE'),
  );
  assert.deepEqual((await updateStaff(d.t.db, systemCaller('cli'), khcnSpecialist.id, { roles: ['admin'] })).roles, [
    'admin',
  ]);
});

test('a deactivated staff member no longer resolves to a caller', async () => {
  const admin = await d.callerFor('admin');
  const account = await createAccount(d.t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'tam.thoi',
    displayName: 'Tạm Thời',
  });
  const created = await createStaff(d.t.db, admin, {
    agencyId: await d.agencyId(CODES.ttpvhcc),
    fullName: '  Lê  Văn Tạm ',
    roles: ['receiver', 'receiver'],
    accountId: account.id,
  });
  assert.deepEqual(created.roles, ['receiver']);
  assert.equal((await resolveStaffCaller(d.t.db, account.id))?.kind, 'staff');
  // The auth plugin's way: the staff record read in the session's own statement.
  const { token } = await createSession(d.t.db, { accountId: account.id }, { ttlHours: 1 });
  const viaSession = async () => {
    const loaded = await loadSession(d.t.db, token, { ttlHours: 1, callerColumn: staffCallerColumn });
    assert.ok(loaded);
    return directoryCallerResolver(() => d.t.db)({ id: account.id, kind: 'staff' }, loaded.callerFacts);
  };
  assert.deepEqual(await viaSession(), await resolveStaffCaller(d.t.db, account.id));
  await deactivateStaff(d.t.db, admin, created.id);
  assert.equal(await resolveStaffCaller(d.t.db, account.id), null);
  assert.deepEqual(await viaSession(), anonymous);
  await assert.rejects(
    createStaff(d.t.db, admin, { agencyId: created.agencyId, fullName: 'Trùng', roles: [], accountId: account.id }),
    rejectsWith('STAFF_ACCOUNT_TAKEN'),
  );
});

test('the staff list is for staff of the province', async () => {
  const receiver = await d.callerFor('tiepnhan.tinh');
  const { items, total } = await listStaff(d.t.db, receiver, { provinceCode: '08', role: 'leader' });
  assert.ok(total >= 5 && items.every((s) => s.roles.includes('leader')));
  const found = await listStaff(d.t.db, receiver, { provinceCode: '08', q: 'nguyet' });
  assert.deepEqual(
    found.items.map((s) => s.fullName),
    ['Bùi Thị Minh Nguyệt'],
  );
  await assert.rejects(listStaff(d.t.db, anonymous, { provinceCode: '08' }), rejectsWith('UNAUTHENTICATED'));
  await assert.rejects(listStaff(d.t.db, receiver, { provinceCode: '38' }), rejectsWith('FORBIDDEN'));
});

test('the agency list is the tree in order, the root first', async () => {
  const items = await listAgencies(d.t.db, anonymous, { provinceCode: '08' });
  assert.equal(items[0]?.code, CODES.ubnd);
  assert.equal(items[0]?.depth, 0);
  const index = (code: string) => items.findIndex((a) => a.code === code);
  assert.equal(index(CODES.vpdkdd), index(CODES.nnmt) + 1);
  assert.equal(items[index(CODES.vpdkdd)]?.depth, 2);
  assert.ok(index(CODES.ttpvDongvan) > index(CODES.ubndDongvan));
  const dongvanCentre = items[index(CODES.ttpvDongvan)];
  assert.equal(dongvanCentre?.effectiveOfficeHours.periods[0]?.start, '07:30');
  assert.deepEqual(items[index(CODES.yte)]?.effectiveOfficeHours.periods, [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ]);
});

test('an agency admin creates sub-agencies of their own but cannot promote their agency', async () => {
  const adminTuphap = await d.callerFor('admin.tuphap');
  const tuphap = await d.agencyId(CODES.tuphap);
  const child = await createAgency(d.t.db, adminTuphap, {
    provinceCode: '08',
    code: '000.01.03.h60',
    name: 'Phòng Hành chính tư pháp',
    level: 'province',
    kind: 'justice',
    parentId: tuphap,
    adminUnitCode: '08',
  });
  assert.equal(child.code, '000.01.03.H60');
  await assert.rejects(
    updateAgency(d.t.db, adminTuphap, tuphap, { kind: 'science_technology' }),
    rejectsWith('FORBIDDEN'),
  );
  await assert.rejects(updateAgency(d.t.db, adminTuphap, child.id, { parentId: null }), rejectsWith('FORBIDDEN'));
  const renamed = await updateAgency(d.t.db, adminTuphap, tuphap, {
    phone: '0207 3822 831',
    address: 'Phường Minh Xuân',
  });
  assert.equal(renamed.phone, '0207 3822 831');
  await assert.rejects(
    updateAgency(d.t.db, adminTuphap, await d.agencyId(CODES.yte), { address: 'x' }),
    rejectsWith('FORBIDDEN'),
  );
});

test('agency rules: unique code, code shape, same H code as the parent, no cycles, communes need a unit', async () => {
  const admin = await d.callerFor('admin');
  const ubnd = await d.agencyId(CODES.ubnd);
  const base = {
    provinceCode: '08',
    name: 'Ban Thử nghiệm',
    level: 'province' as const,
    kind: 'justice' as const,
    parentId: ubnd,
  };
  await assert.rejects(createAgency(d.t.db, admin, { ...base, code: CODES.yte }), rejectsWith('AGENCY_CODE_TAKEN'));
  await assert.rejects(createAgency(d.t.db, admin, { ...base, code: 'H60.03' }), rejectsWith('AGENCY_CODE_INVALID'));
  await assert.rejects(
    createAgency(d.t.db, admin, { ...base, code: '000.00.90.H56' }),
    rejectsWith('AGENCY_CODE_INVALID'),
  );
  await assert.rejects(
    createAgency(d.t.db, admin, { ...base, code: '000.00.91.H60', level: 'commune', kind: 'commune' }),
    rejectsWith('ADMIN_UNIT_MISMATCH'),
  );
  await assert.rejects(
    createAgency(d.t.db, admin, { ...base, code: '000.00.92.H60', adminUnitCode: '02536', level: 'province' }),
    rejectsWith('ADMIN_UNIT_MISMATCH'),
  );
  const nnmt = await d.agencyId(CODES.nnmt);
  await assert.rejects(
    updateAgency(d.t.db, admin, nnmt, { parentId: await d.agencyId(CODES.vpdkdd) }),
    rejectsWith('AGENCY_PARENT_INVALID'),
  );
  await assert.rejects(updateAgency(d.t.db, admin, nnmt, { code: CODES.yte }), rejectsWith('AGENCY_CODE_TAKEN'));
  await assert.rejects(updateAgency(d.t.db, admin, nnmt, { active: false }), rejectsWith('AGENCY_HAS_ACTIVE_CHILDREN'));
  await assert.rejects(
    updateAgency(d.t.db, admin, nnmt, { officeHours: { periods: [{ start: '13:00', end: '08:00' }] } }),
    rejectsWith('CALENDAR_WORKING_HOURS_INVALID'),
  );
  await assert.rejects(getAgency(d.t.db, anonymous, 'not-a-uuid'), rejectsWith('AGENCY_NOT_FOUND'));
});

test('counters: only at a service centre, numbers unique per centre, managed by whoever runs the centre', async () => {
  const adminCentre = await d.callerFor('admin.ttpvhcc');
  const centre = await d.agencyId(CODES.ttpvhcc);
  const counter = await createCounter(d.t.db, adminCentre, { agencyId: centre, number: 20, name: 'Quầy số 20 — Thử' });
  await assert.rejects(
    createCounter(d.t.db, adminCentre, { agencyId: centre, number: 20, name: 'Trùng số' }),
    rejectsWith('COUNTER_NUMBER_TAKEN'),
  );
  await assert.rejects(
    updateCounter(d.t.db, adminCentre, counter.id, { number: 1 }),
    rejectsWith('COUNTER_NUMBER_TAKEN'),
  );
  const closed = await updateCounter(d.t.db, adminCentre, counter.id, {
    active: false,
    fields: ['Hộ tịch', 'Hộ tịch'],
  });
  assert.deepEqual(closed.fields, ['Hộ tịch']);
  const visible = await listCounters(d.t.db, anonymous, { provinceCode: '08', agencyId: centre });
  assert.ok(!visible.some((c) => c.id === counter.id));
  await assert.rejects(
    createCounter(d.t.db, systemCaller('test'), { agencyId: await d.agencyId(CODES.yte), number: 1, name: 'Quầy' }),
    rejectsWith('COUNTER_AGENCY_NOT_CENTRE'),
  );
  const adminTuphap = await d.callerFor('admin.tuphap');
  await assert.rejects(updateCounter(d.t.db, adminTuphap, counter.id, { name: 'x' }), rejectsWith('FORBIDDEN'));
});

test('text is stored NFC and trimmed; control characters are refused', async () => {
  const admin = await d.callerFor('admin');
  const agencyId = await d.agencyId(CODES.ttpvhcc);
  const decomposed = 'Nguyễn Văn An'.normalize('NFD');
  const created = await createStaff(d.t.db, admin, { agencyId, fullName: ` ${decomposed} `, roles: ['receiver'] });
  assert.equal(created.fullName, 'Nguyễn Văn An'.normalize('NFC'));
  await assert.rejects(
    createStaff(d.t.db, admin, { agencyId, fullName: 'A\u0000B', roles: [] }),
    rejectsWith('DIRECTORY_TEXT_INVALID'),
  );
});

test('the CLI makes an account province administrator; the auth resolver gives it its agency and roles', async () => {
  const account = await createAccount(d.t.db, {
    provinceCode: '08',
    kind: 'staff',
    login: 'quantri.moi',
    displayName: 'Quản trị',
  });
  const granted = await grantProvinceAdmin(d.t.db, {
    provinceCode: '08',
    accountId: account.id,
    fullName: 'Quản Trị Mới',
  });
  assert.equal(granted.agencyId, await d.agencyId(CODES.ubnd));
  const resolve = directoryCallerResolver(() => d.t.db);
  const caller = await resolve({ id: account.id, kind: 'staff' });
  assert.ok(caller.kind === 'staff' && caller.roles.includes('admin') && caller.id === account.id);
  // A specialist of Sở Y tế granted the role keeps their agency only if it is a province-admin one.
  const yteAccount = await findAccountByLogin(d.t.db, 'lanhdao.yte');
  const moved = await grantProvinceAdmin(d.t.db, {
    provinceCode: '08',
    accountId: yteAccount?.id ?? '',
    fullName: 'x',
  });
  assert.equal(moved.agencyId, await d.agencyId(CODES.ubnd));
  assert.deepEqual(moved.roles, ['leader', 'admin']);
  await assert.rejects(
    grantProvinceAdmin(d.t.db, { provinceCode: '38', accountId: account.id, fullName: 'x' }),
    rejectsWith('DIRECTORY_ROOT_MISSING'),
  );
  assert.deepEqual(await resolve({ id: account.id, kind: 'citizen' }), { kind: 'citizen', id: account.id });
  assert.deepEqual(await resolve({ id: '00000000-0000-4000-8000-000000000000', kind: 'staff' }), anonymous);
});
