import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors.ts';
import { anonymous, type Caller } from './caller.ts';
import { requireCitizen, requireSignedIn, requireStaff } from './permissions.ts';

const citizen: Caller = { kind: 'citizen', id: 'c1' };
const receiver: Caller = { kind: 'staff', id: 's1', provinceCode: '08', agencyId: 'a1', roles: ['receiver'] };
const system: Caller = { kind: 'system', name: 'seed' };

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DomainError);
    return `${err.code} ${err.status}`;
  }
  return 'ok';
};

test('a signed-in citizen or officer passes requireSignedIn; anonymous gets 401', () => {
  assert.equal(
    code(() => requireSignedIn(citizen)),
    'ok',
  );
  assert.equal(
    code(() => requireSignedIn(receiver)),
    'ok',
  );
  assert.equal(
    code(() => requireSignedIn(anonymous)),
    'UNAUTHENTICATED 401',
  );
  assert.equal(
    code(() => requireSignedIn(system)),
    'UNAUTHENTICATED 401',
  );
});

test('requireStaff: anonymous 401, citizen 403, an officer without any named role 403', () => {
  assert.equal(
    code(() => requireStaff(anonymous)),
    'UNAUTHENTICATED 401',
  );
  assert.equal(
    code(() => requireStaff(citizen)),
    'FORBIDDEN 403',
  );
  assert.equal(
    code(() => requireStaff(receiver)),
    'ok',
  );
  assert.equal(
    code(() => requireStaff(receiver, 'receiver', 'leader')),
    'ok',
  );
  assert.equal(
    code(() => requireStaff(receiver, 'admin')),
    'FORBIDDEN 403',
  );
});

test('requireCitizen refuses officers', () => {
  assert.equal(
    code(() => requireCitizen(citizen)),
    'ok',
  );
  assert.equal(
    code(() => requireCitizen(receiver)),
    'FORBIDDEN 403',
  );
  assert.equal(
    code(() => requireCitizen(anonymous)),
    'UNAUTHENTICATED 401',
  );
});
