import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextPage } from './paging.ts';

const at = (url: string) => ({ url });

test('a keyset page links to its nextCursor, and the last page (nextCursor null) to nothing', () => {
  assert.equal(
    nextPage(at('/api/v1/dossiers?limit=20&state=received'), { items: [1], nextCursor: 'abc' }),
    '/api/v1/dossiers?limit=20&state=received&cursor=abc',
  );
  assert.equal(nextPage(at('/api/v1/dossiers?limit=20&cursor=abc'), { items: [1], nextCursor: null }), undefined);
});

test('a counted page links to the next offset until the total is reached', () => {
  assert.equal(
    nextPage(at('/api/v1/procedures?q=khai+sinh&limit=2'), { items: [1, 2], total: 5 }),
    '/api/v1/procedures?q=khai+sinh&limit=2&offset=2',
  );
  assert.equal(
    nextPage(at('/api/v1/procedures?limit=2&offset=2'), { items: [3, 4], total: 5 }),
    '/api/v1/procedures?limit=2&offset=4',
  );
  assert.equal(nextPage(at('/api/v1/procedures?limit=2&offset=4'), { items: [5], total: 5 }), undefined);
});

test('an uncounted page links on while it is full, and never from an empty page', () => {
  assert.equal(nextPage(at('/api/v1/feedback?limit=2'), { items: [1, 2] }), '/api/v1/feedback?limit=2&offset=2');
  assert.equal(nextPage(at('/api/v1/feedback?limit=2&offset=2'), { items: [3] }), undefined);
  assert.equal(nextPage(at('/api/v1/feedback?offset=2'), { items: [], total: 9 }), undefined);
});
