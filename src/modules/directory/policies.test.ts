import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import {
  type AgencyFacts,
  type AgencyNode,
  canChangeCounter,
  canChangeStaff,
  canCreateAgency,
  canGrantPrivilegedRole,
  canReadStaff,
  canUpdateAgency,
  coversAgency,
  directoryScope,
} from './policies.ts';
import type { AgencyKind, AgencyLevel } from './schema.ts';

// A small province tree: UBND tỉnh → Sở Tư pháp, Sở Y tế, Sở KH&CN, Sở NN&MT → VP Đăng ký đất đai,
// UBND xã Đồng Văn → its service centre; and a second province with its own UBND.
function node(id: string, kind: AgencyKind, level: AgencyLevel = 'province'): AgencyNode {
  return { id, kind, level };
}
const ubnd = node('ubnd', 'people_committee');
const tuphap = node('tuphap', 'justice');
const yte = node('yte', 'health');
const khcn = node('khcn', 'science_technology');
const nnmt = node('nnmt', 'agriculture_environment');
const vpdk = node('vpdk', 'agriculture_environment');
const dongvan = node('dongvan', 'commune', 'commune');
const ttpvDongvan = node('ttpv-dongvan', 'service_centre', 'commune');
const fakeKhcn = node('fake-khcn', 'science_technology');
const other = node('other-ubnd', 'people_committee');

function facts(path: AgencyNode[], provinceCode = '08', active = true): AgencyFacts {
  const self = path.at(-1);
  if (!self) throw new Error('empty path');
  return { ...self, provinceCode, active, path };
}
const F = {
  ubnd: facts([ubnd]),
  tuphap: facts([ubnd, tuphap]),
  yte: facts([ubnd, yte]),
  khcn: facts([ubnd, khcn]),
  nnmt: facts([ubnd, nnmt]),
  vpdk: facts([ubnd, nnmt, vpdk]),
  dongvan: facts([ubnd, dongvan]),
  ttpvDongvan: facts([ubnd, dongvan, ttpvDongvan]),
  // A "science and technology" unit that a Sở Tư pháp admin created under their own agency.
  fakeKhcn: facts([ubnd, tuphap, fakeKhcn]),
  other: facts([other], '14'),
};

const staffIn = (agency: AgencyFacts, roles: StaffRole[]): Extract<Caller, { kind: 'staff' }> => ({
  kind: 'staff',
  id: `staff-of-${agency.id}`,
  provinceCode: agency.provinceCode,
  agencyId: agency.id,
  roles,
});
const scopeOf = (agency: AgencyFacts, roles: StaffRole[]) => directoryScope(staffIn(agency, roles), agency);

test('an admin of Sở Tư pháp cannot change the staff of Sở Y tế; a province admin can; a receiver cannot', () => {
  assert.equal(canChangeStaff(scopeOf(F.tuphap, ['admin']), F.yte), false);
  assert.equal(canChangeStaff(scopeOf(F.khcn, ['admin']), F.yte), true);
  assert.equal(canChangeStaff(scopeOf(F.ubnd, ['admin']), F.yte), true);
  assert.equal(canChangeStaff(scopeOf(F.yte, ['receiver', 'specialist', 'leader']), F.yte), false);
});

test('who administers what', () => {
  const cases: Array<[string, AgencyFacts, StaffRole[], AgencyFacts, boolean]> = [
    ['admin of the root UBND tỉnh', F.ubnd, ['admin'], F.ttpvDongvan, true],
    ['admin of Sở KH&CN', F.khcn, ['admin'], F.tuphap, true],
    ['admin of Sở Tư pháp, own agency', F.tuphap, ['admin'], F.tuphap, true],
    ['admin of Sở Tư pháp, another Sở', F.tuphap, ['admin'], F.yte, false],
    ['admin of Sở NN&MT, its sub-agency', F.nnmt, ['admin'], F.vpdk, true],
    ['admin of the sub-agency, its parent Sở', F.vpdk, ['admin'], F.nnmt, false],
    ['admin of UBND xã, its service centre', F.dongvan, ['admin'], F.ttpvDongvan, true],
    ['admin of UBND xã, a provincial Sở', F.dongvan, ['admin'], F.yte, false],
    ['a KH&CN unit nested under Sở Tư pháp is not a province admin', F.fakeKhcn, ['admin'], F.yte, false],
    ['province admin of another province', F.other, ['admin'], F.yte, false],
    ['leader of UBND tỉnh without the admin role', F.ubnd, ['leader'], F.yte, false],
  ];
  for (const [label, own, roles, target, expected] of cases) {
    assert.equal(coversAgency(scopeOf(own, roles), target), expected, label);
  }
});

test('citizens and anonymous callers administer nothing; the system administers everything', () => {
  assert.deepEqual(directoryScope({ kind: 'anonymous' }, null), { kind: 'none' });
  assert.deepEqual(directoryScope({ kind: 'citizen', id: 'c1' }, null), { kind: 'none' });
  assert.equal(coversAgency(directoryScope({ kind: 'system', name: 'seed' }, null), F.other), true);
});

test("a staff caller's claimed agency must be the one loaded, active, in their province", () => {
  const caller = staffIn(F.tuphap, ['admin']);
  assert.deepEqual(directoryScope(caller, F.khcn), { kind: 'none' });
  assert.deepEqual(directoryScope(caller, { ...F.tuphap, active: false }), { kind: 'none' });
  assert.deepEqual(directoryScope({ ...caller, provinceCode: '14' }, F.tuphap), { kind: 'none' });
});

test('an agency admin cannot reshape their own agency (that would make them province admin)', () => {
  const scope = scopeOf(F.tuphap, ['admin']);
  assert.equal(canUpdateAgency(scope, F.tuphap, { structural: false }), true);
  assert.equal(canUpdateAgency(scope, F.tuphap, { structural: true }), false);
  assert.equal(canUpdateAgency(scope, F.fakeKhcn, { structural: true }), true);
  // Moving a sub-agency out of their subtree, or to the root level, is outside the scope.
  assert.equal(canUpdateAgency(scope, F.fakeKhcn, { structural: true, newParent: F.ubnd }), false);
  assert.equal(canUpdateAgency(scope, F.fakeKhcn, { structural: true, newParent: null }), false);
  assert.equal(canUpdateAgency(scopeOf(F.khcn, ['admin']), F.tuphap, { structural: true }), true);
});

test('only province admins create root agencies; agency admins create sub-agencies of their own', () => {
  assert.equal(canCreateAgency(scopeOf(F.khcn, ['admin']), '08', null), true);
  assert.equal(canCreateAgency(scopeOf(F.tuphap, ['admin']), '08', null), false);
  assert.equal(canCreateAgency(scopeOf(F.tuphap, ['admin']), '08', F.tuphap), true);
  assert.equal(canCreateAgency(scopeOf(F.tuphap, ['admin']), '08', F.ubnd), false);
  assert.equal(canCreateAgency(scopeOf(F.khcn, ['admin']), '14', F.other), false);
});

test('moving a staff member needs both the old and the new agency in scope', () => {
  const scope = scopeOf(F.nnmt, ['admin']);
  assert.equal(canChangeStaff(scope, F.nnmt, F.vpdk), true);
  assert.equal(canChangeStaff(scope, F.vpdk, F.yte), false);
  assert.equal(canChangeStaff(scopeOf(F.khcn, ['admin']), F.yte, F.other), false);
});

test('counters follow their service centre', () => {
  assert.equal(canChangeCounter(scopeOf(F.dongvan, ['admin']), F.ttpvDongvan), true);
  assert.equal(canChangeCounter(scopeOf(F.tuphap, ['admin']), F.ttpvDongvan), false);
});

test('the staff list is for staff of the same province', () => {
  assert.equal(canReadStaff(staffIn(F.yte, ['receiver']), '08'), true);
  assert.equal(canReadStaff(staffIn(F.yte, ['receiver']), '14'), false);
  assert.equal(canReadStaff({ kind: 'citizen', id: 'c' }, '08'), false);
  assert.equal(canReadStaff({ kind: 'system', name: 'report' }, '08'), true);
});

test('leader and admin are granted from the level above: sub-agencies by their parent’s admin, agencies by the province, the province’s own by the system', () => {
  const tuphapAdmin = scopeOf(F.tuphap, ['admin']);
  const nnmtAdmin = scopeOf(F.nnmt, ['admin']);
  const province = scopeOf(F.khcn, ['admin']);
  assert.equal(canGrantPrivilegedRole(tuphapAdmin, F.tuphap), false, 'not in their own agency');
  assert.equal(canGrantPrivilegedRole(tuphapAdmin, F.fakeKhcn), true, 'below their agency');
  assert.equal(canGrantPrivilegedRole(tuphapAdmin, F.yte), false, 'not in another agency');
  assert.equal(canGrantPrivilegedRole(nnmtAdmin, F.vpdk), true);
  assert.equal(canGrantPrivilegedRole(province, F.tuphap), true);
  assert.equal(canGrantPrivilegedRole(province, F.dongvan), true);
  assert.equal(canGrantPrivilegedRole(province, F.ubnd), false, 'the root UBND: only the system');
  assert.equal(canGrantPrivilegedRole(province, F.khcn), false, 'the Sở KH&CN: only the system');
  assert.equal(canGrantPrivilegedRole(province, F.other), false, 'not in another province');
  assert.equal(canGrantPrivilegedRole({ kind: 'system' }, F.ubnd), true);
  assert.equal(canGrantPrivilegedRole({ kind: 'none' }, F.vpdk), false);
});
