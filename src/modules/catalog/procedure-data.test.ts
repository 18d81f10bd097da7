import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  declarationFormFile,
  declarationFormFor,
  declarationFormProblems,
  declarationFormsFolder,
} from './declaration-forms.ts';
import type { ProcedureContent } from './model.ts';

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

const allProcedures = (): ProcedureContent[] =>
  readdirSync(new URL('../../../data/procedures/', import.meta.url))
    .filter((n) => n.endsWith('.json'))
    .flatMap(
      (n) =>
        (
          JSON.parse(readFileSync(new URL(`../../../data/procedures/${n}`, import.meta.url), 'utf8')) as {
            procedures: ProcedureContent[];
          }
        ).procedures,
    );

test('issue 13.4: every "Dân tộc" question offers the official list of 54 ethnic groups, kept in data/lists with its source', () => {
  const list = JSON.parse(readFileSync(new URL('../../../data/lists/dan-toc.json', import.meta.url), 'utf8')) as {
    source: string;
    items: string[];
  };
  assert.equal(list.items.length, 54);
  assert.equal(new Set(list.items).size, 54);
  assert.match(list.source, /121-TCTK\/PPCĐ/);
  const asked = allProcedures().flatMap((p) => p.eform.filter((f) => /^Dân tộc/u.test(f.label)));
  assert.ok(asked.length >= 3, 'the child, the mother and the father');
  for (const f of asked) assert.deepEqual(f.options, list.items, f.key);
});

test('issue 13.4: the birth e-form asks what the legal declaration asks (Luật Hộ tịch Art. 14; TT 04/2020/TT-BTP form)', () => {
  const birth = allProcedures().find((p) => p.nationalCode === '1.001193');
  assert.ok(birth);
  const byKey = new Map(birth.eform.map((f) => [f.key, f]));
  for (const key of ['childFullName', 'childBirthDate', 'sex', 'ethnicity', 'nationality', 'nativePlace', 'relation'])
    assert.equal(byKey.get(key)?.required, true, key);
  assert.equal(byKey.get('birthPlace')?.type, 'place', 'anywhere in the country, from the directory');
  for (const parent of ['mother', 'father']) {
    assert.equal(byKey.get(`${parent}FullName`)?.check, 'person_name');
    assert.equal(byKey.get(`${parent}BirthYear`)?.check, 'year_of_birth');
    for (const part of ['BirthYear', 'Ethnicity', 'Nationality', 'Residence'])
      assert.equal(byKey.get(`${parent}${part}`)?.requiredWith, `${parent}FullName`, `${parent}${part}`);
  }
});

test('issue 13.4: each layout in data/forms fits the e-form of every procedure whose declaration names it', () => {
  const files = readdirSync(declarationFormsFolder).filter((n) => n.endsWith('.json'));
  assert.ok(files.includes('to-khai-dang-ky-khai-sinh.json'));
  let used = 0;
  for (const p of allProcedures()) {
    const paper = p.papers.find((x) => x.eform === true);
    const file = paper ? declarationFormFile(paper) : undefined;
    if (!file || !files.includes(path.basename(file))) continue;
    const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const problems = declarationFormProblems(doc, p.eform);
    if (p.nationalCode === '1.001193') assert.deepEqual(problems, [], path.basename(file));
    // Procedures sharing the legal form with fewer questions (1.004772, 2.000528) get the generic layout.
    const form = declarationFormFor(paper ?? { name: '', template: null }, p.eform);
    assert.equal(form.source === (doc as { source: string }).source, problems.length === 0, `${p.nationalCode}`);
    if (problems.length === 0) used += 1;
  }
  assert.ok(used >= 1);
  // A layout naming a question the form does not ask is refused, with the key.
  const broken = { ...JSON.parse(readFileSync(path.join(declarationFormsFolder, files[0] ?? ''), 'utf8')) };
  broken.sections = [{ lines: [[{ label: 'Nhóm máu', value: 'form.bloodGroup' }]] }];
  assert.match(declarationFormProblems(broken, [])[0] ?? '', /bloodGroup/);
});
