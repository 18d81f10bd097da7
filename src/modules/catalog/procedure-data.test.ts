import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

interface DataFile {
  procedures: Array<{ nationalCode: string | null; papers: Array<{ name: string; required: boolean }> }>;
}

const papersOf = (file: string, code: string) => {
  const data = JSON.parse(
    readFileSync(new URL(`../../../data/procedures/${file}`, import.meta.url), 'utf8'),
  ) as DataFile;
  const procedure = data.procedures.find((p) => p.nationalCode === code);
  assert.ok(procedure, `${code} is in ${file}`);
  return procedure.papers.map((p) => p.name);
};

test('certifying a copy from the original (2.000815) asks only for the original and the copy, not the ID card', () => {
  // Decree 23/2015, Art. 20: the requester shows the original and the copy to certify.
  const papers = papersOf('chung-thuc.json', '2.000815');
  assert.equal(papers.length, 2, papers.join('\n'));
  assert.ok(!papers.some((name) => /căn cước/iu.test(name)));
});

test('birth registration (1.001193) lists the papers that stand in for the birth certificate, and the surrogacy confirmation', () => {
  // Decree 123/2015, Art. 16 (the national catalog's list): a witness's statement, or a sworn
  // statement without a witness; the clinic's confirmation for a child born through surrogacy.
  const papers = papersOf('ho-tich.json', '1.001193');
  for (const expected of [/người làm chứng xác nhận về việc sinh/u, /Giấy cam đoan về việc sinh/u, /mang thai hộ/u])
    assert.ok(
      papers.some((name) => expected.test(name)),
      `${expected} in:\n${papers.join('\n')}`,
    );
});
