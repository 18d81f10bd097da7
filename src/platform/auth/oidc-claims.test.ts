import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assuranceOf, identityOf, levelOf } from './oidc-claims.ts';

const ACR = ['LoA1', 'LoA2'] as const;

test('levels read from acr, loAs and IAL as the national sign-on writes them (§4.3)', () => {
  assert.equal(levelOf('LoA1', ACR), 1);
  assert.equal(levelOf('LoA2', ACR), 2);
  assert.equal(levelOf('1', ACR), 1, 'VNeID acr "1"');
  assert.equal(levelOf(2, ACR), 2, 'IAL as a number');
  assert.equal(levelOf(['LoA1', 'LoA2'], ACR), 2, 'a list counts by its highest');
  assert.equal(levelOf('urn:muc-do-2', ['urn:muc-do-1', 'urn:muc-do-2']), 2, 'configured strings');
  for (const bad of [undefined, null, '', 'LoA', 'cao', -1, 1.5, {}]) assert.equal(levelOf(bad, ACR), undefined);
});

test('the level of a sign-in is the lowest said, and 0 when nothing is said', () => {
  assert.equal(assuranceOf({ acr: 'LoA1' }, { loAs: 'LoA2' }, ACR), 1, 'a level-2 account signed in at level 1');
  assert.equal(assuranceOf({ acr: 'LoA2' }, { loAs: 'LoA2' }, ACR), 2);
  assert.equal(assuranceOf({ acr: 'LoA2' }, { loAs: 'LoA1' }, ACR), 1);
  assert.equal(assuranceOf({}, { IAL: 2 }, ACR), 2);
  assert.equal(assuranceOf({}, {}, ACR), 0);
});

test('the identity is a citizen account with a valid personal id and name; the birth date as YYYY-MM-DD', () => {
  const claims = {
    LoaiTaiKhoan: '1',
    SoDinhDanh: '001190012345',
    HoVaTen: ' Trần  Thị An ',
    NgayThangNamSinh: '19900215',
  };
  assert.deepEqual(identityOf(claims), {
    personalId: '001190012345',
    fullName: 'Trần Thị An',
    birthDate: '1990-02-15',
  });
  assert.deepEqual(identityOf({ ...claims, NgayThangNamSinh: '19900231' }), {
    personalId: '001190012345',
    fullName: 'Trần Thị An',
  });
  assert.equal(identityOf({ ...claims, LoaiTaiKhoan: '2' }), undefined, 'a business account');
  assert.equal(identityOf({ ...claims, SoDinhDanh: '12345' }), undefined);
  assert.equal(identityOf({ ...claims, HoVaTen: '<script>' }), undefined);
});
