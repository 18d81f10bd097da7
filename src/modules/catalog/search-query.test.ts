import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { searchFold } from './rules.ts';
import { applySynonyms, buildVocabulary, editDistance, loadSearchLanguage, mendQuery } from './search-query.ts';

const language = loadSearchLanguage();
const vocabulary = buildVocabulary(
  ['Thủ tục đăng ký khai sinh Hộ tịch', 'Thủ tục đăng ký kết hôn Hộ tịch', 'Chứng thực bản sao từ bản chính'].map(
    searchFold,
  ),
);
const mend = (q: string) => mendQuery(applySynonyms(searchFold(q), language), vocabulary, language);

test('a swap of two neighbouring letters is one edit ("sihn" → "sinh"), as are a missing or extra letter', () => {
  assert.equal(editDistance('sihn', 'sinh', 2), 1);
  assert.equal(editDistance('khai', 'kha', 2), 1);
  assert.equal(editDistance('chung', 'chungg', 2), 1);
  assert.equal(editDistance('khai', 'sinh', 2), 3, 'past the bound it answers bound + 1');
});

test('joined words are split where the catalog has them side by side', () => {
  assert.equal(mend('khaisinh'), 'khai sinh');
  assert.equal(mend('dang ky khaisinh'), 'dang ky khai sinh');
});

test('unknown words are mended to the nearest catalog word; short words are left alone', () => {
  assert.equal(mend('khai sihn'), 'khai sinh');
  assert.equal(mend('chungthuc ban sao'), 'chung thuc ban sao');
  assert.equal(mend('ket hn'), 'ket hn', 'two letters are too few to guess from');
});

test('what people say becomes the catalog’s words, and filler words go', () => {
  assert.equal(mend('làm giấy khai sinh cho con'), 'khai sinh con');
  assert.equal(mend('thủ tục công chứng bản sao như thế nào'), 'chung thuc ban sao');
  assert.equal(applySynonyms(searchFold('sang tên sổ đỏ'), language), 'dang ky bien dong quyen su dung dat');
});

test('a synonyms file with a bad entry is refused, naming it', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mocua-syn-')), 'synonyms.json');
  writeFileSync(file, JSON.stringify({ phrases: [{ say: 'sổ đỏ' }], fillers: [] }));
  assert.throws(() => loadSearchLanguage(file), /phrases\[0\]/);
});
