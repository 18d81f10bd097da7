/**
 * The layout of a declaration (tờ khai) that an e-form fills, as data: data/forms/<template>.json,
 * named after the paper's `template` ("to-khai-dang-ky-khai-sinh.docx" → to-khai-dang-ky-khai-sinh.json).
 * A province's IT team edits these files (docs/forms-and-slips.md); a declaration without a file
 * gets the generic layout below. The dossiers module draws it as the PDF kept with the dossier.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { dataFolder } from '../../platform/paths.ts';
import type { EformField, Paper } from './model.ts';

const Cell = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    /** `applicant.fullName | address | personalId`, or `form.<key>` of the procedure's e-form. */
    value: Type.String({ pattern: '^(applicant\\.(fullName|address|personalId)|form\\.[a-z][A-Za-z0-9]*)$' }),
    /** Names in capitals, as civil-status papers write them. */
    upper: Type.Optional(Type.Boolean()),
    /** A date also written in words ("ghi bằng chữ"). */
    inWords: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DeclarationForm = Type.Object(
  {
    form: Type.String({ minLength: 1, maxLength: 300 }),
    source: Type.String({ minLength: 1, maxLength: 2000 }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    sections: Type.Array(
      Type.Object(
        {
          heading: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          lines: Type.Array(Type.Array(Cell, { minItems: 1, maxItems: 4 }), { minItems: 1, maxItems: 60 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
    pledge: Type.String({ minLength: 1, maxLength: 2000 }),
    signature: Type.Object(
      { title: Type.String({ minLength: 1, maxLength: 100 }), note: Type.String({ minLength: 1, maxLength: 200 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type DeclarationForm = Static<typeof DeclarationForm>;

export const declarationFormsFolder = path.join(dataFolder, 'forms');

/** The file of a paper's template, or undefined when the paper names none. */
export function declarationFormFile(paper: Pick<Paper, 'template'>, folder = declarationFormsFolder) {
  const stem = paper.template?.replace(/\.(docx|pdf|xlsx)$/, '');
  return stem ? path.join(folder, `${stem}.json`) : undefined;
}

/** Problems of one layout file against the e-form it draws: schema, then keys the form lacks. */
export function declarationFormProblems(doc: unknown, eform: readonly EformField[]): string[] {
  if (!Value.Check(DeclarationForm, doc))
    return [...Value.Errors(DeclarationForm, doc)].map((e) => `${e.instancePath || '/'}: ${e.message}`);
  const keys = new Set(eform.map((f) => f.key));
  return doc.sections.flatMap((s) =>
    s.lines.flatMap((line) =>
      line.flatMap((cell) => {
        const key = cell.value.startsWith('form.') ? cell.value.slice(5) : undefined;
        return key !== undefined && !keys.has(key)
          ? [`"${cell.value}": biểu mẫu điện tử không có trường "${key}"`]
          : [];
      }),
    ),
  );
}

/** The generic layout: the declarant, then every question of the e-form in its order. */
function genericForm(paper: Pick<Paper, 'name'>, eform: readonly EformField[]): DeclarationForm {
  const name = paper.name.replace(/\s+theo mẫu.*$/iu, '').replace(/\s*\(.*\)$/u, '');
  return {
    form: name,
    source: 'Bố cục chung của Mở Cửa cho tờ khai chưa có tệp mẫu trong data/forms/.',
    title: name.toLocaleUpperCase('vi'),
    sections: [
      {
        lines: [
          [{ label: 'Họ, chữ đệm, tên người khai', value: 'applicant.fullName' }],
          [{ label: 'Nơi cư trú', value: 'applicant.address' }],
          [{ label: 'Số định danh cá nhân', value: 'applicant.personalId' }],
        ],
      },
      {
        heading: 'Nội dung khai:',
        lines: eform.filter((f) => f.type !== 'file').map((f) => [{ label: f.label, value: `form.${f.key}` }]),
      },
    ],
    pledge:
      'Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình.',
    signature: { title: 'NGƯỜI KHAI', note: '(Ký, ghi rõ họ, chữ đệm, tên)' },
  };
}

/**
 * The layout of the declaration `paper` that `eform` fills: its data file when it fits this
 * e-form (several procedures share one legal form, e.g. the birth declaration, and ask fewer
 * questions: those get the generic layout, so nothing they were not asked is printed blank as if
 * omitted); the generic layout when there is no file. A file that breaks the schema is refused
 * with its problems, so a bad edit fails loudly (the catalog data test runs the same check).
 */
export function declarationFormFor(
  paper: Pick<Paper, 'name' | 'template'>,
  eform: readonly EformField[],
  folder = declarationFormsFolder,
): DeclarationForm {
  const file = declarationFormFile(paper, folder);
  if (!file || !existsSync(file)) return genericForm(paper, eform);
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Value.Check(DeclarationForm, doc))
    throw new Error(`${path.basename(file)}: ${declarationFormProblems(doc, eform).join('; ')}`);
  return declarationFormProblems(doc, eform).length === 0 ? doc : genericForm(paper, eform);
}
