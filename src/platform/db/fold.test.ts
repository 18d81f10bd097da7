import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { foldVietnamese } from '../codes/fold.ts';
import { rows } from './index.ts';
import { createTestDb, type TestDb } from './testing.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

test('vn_fold in the database folds exactly as foldVietnamese does', async () => {
  const vietnamese = fc.constantFrom(
    ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ  ĐÂĂÔƠƯÁÀẢÃẠ\t1.-'.split(
      '',
    ),
  );
  const samples = fc.sample(
    fc.array(vietnamese, { maxLength: 30 }).map((cs) => cs.join('')),
    100,
  );
  samples.push('Đăng ký khai sinh', '  THỦ TỤC   ĐĂNG KÝ  KẾT HÔN ', 'Tuyên Quang', 'e\u0302\u0301');
  for (const s of samples) {
    const [row] = await rows<{ f: string }>(t.db, sql`select vn_fold(${s}) as f`);
    assert.equal(row?.f, foldVietnamese(s), JSON.stringify(s));
  }
});
