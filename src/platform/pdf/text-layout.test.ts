import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LaidOutLine, MeasureText } from './text-layout.ts';
import { layoutRichText } from './text-layout.ts';

// Every character 1 unit wide, bold ones 2: enough to check the breaking rules.
const measure: MeasureText = (text, style) => Array.from(text).length * (style.bold ? 2 : 1);
const lineText = (line: LaidOutLine) => line.segments.map((s) => s.text).join('');

test('words wrap at spaces and no line is wider than the box', () => {
  const lines = layoutRichText('Giấy tiếp nhận hồ sơ và hẹn trả kết quả', 12, measure);
  assert.deepEqual(lines.map(lineText), ['Giấy tiếp', 'nhận hồ sơ', 'và hẹn trả', 'kết quả']);
  for (const line of lines) assert.ok(line.width <= 12);
});

test('an explicit line break starts a new line', () => {
  assert.deepEqual(layoutRichText('Dòng một\nDòng hai', 100, measure).map(lineText), ['Dòng một', 'Dòng hai']);
});

test('bold runs are measured with their own font and kept as separate segments', () => {
  const [line] = layoutRichText([{ text: 'Mã hồ sơ: ' }, { text: 'H62-0001', bold: true }], 100, measure);
  assert.ok(line);
  assert.deepEqual(
    line.segments.map((s) => [s.text, Boolean(s.bold)]),
    [
      ['Mã hồ sơ: ', false],
      ['H62-0001', true],
    ],
  );
  assert.equal(line.width, 10 + 16);
});

test('a word longer than the line (a URL) is split between characters', () => {
  const lines = layoutRichText('https://dichvucong.example/tra-cuu', 10, measure);
  assert.ok(lines.length > 1);
  assert.equal(lines.map(lineText).join(''), 'https://dichvucong.example/tra-cuu');
});

test('decomposed Vietnamese input is laid out in NFC', () => {
  const decomposed = 'Tuyên Quang'.normalize('NFD');
  assert.equal(
    lineText(layoutRichText(decomposed, 100, measure)[0] ?? { segments: [], width: 0 }),
    'Tuyên Quang'.normalize('NFC'),
  );
});

test('wrapping keeps every word, in order, within the width', () => {
  const word = fc.stringMatching(/^[a-zàáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễ]{1,8}$/u);
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.integer({ min: 8, max: 40 }), (words, width) => {
      const lines = layoutRichText(words.join(' '), width, measure);
      assert.deepEqual(
        lines.flatMap((l) => lineText(l).split(' ')).filter((w) => w !== ''),
        words,
      );
      for (const line of lines) assert.ok(line.width <= width);
    }),
  );
});
