/**
 * The catalog's data files (data/procedures/*.json, one per field): parse and check them,
 * naming the file, the procedure and the field of every problem; and write them back in the
 * same shape and key order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TObject } from 'typebox';
import { Value } from 'typebox/value';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import {
  CatalogFile,
  DEFAULT_ASSURANCE_LEVEL,
  EformField,
  Fee,
  Paper,
  ProcedureContent,
  ProcessStep,
} from './model.ts';
import { contentProblems } from './rules.ts';
import { checkContent } from './write.ts';

export interface RawFile {
  name: string;
  text: string;
}

export interface ParsedFile {
  name: string;
  file: CatalogFile;
}

/** The .json files of a folder, in name order (README.md and scripts beside them are skipped). */
export function readCatalogDir(dir: string): RawFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    throw new DomainError('CATALOG_FILE_INVALID', { dir }, `Không đọc được thư mục dữ liệu thủ tục hành chính: ${dir}`);
  }
  return names.sort().map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

const at = (pointer: string) => pointer.replace(/^\//, '').replaceAll('/', '.') || '(toàn bộ)';

function procedureLabel(file: string, index: number, p: unknown): string {
  const o = typeof p === 'object' && p !== null ? Object.fromEntries(Object.entries(p)) : {};
  const name = typeof o.name === 'string' ? ` "${o.name}"` : '';
  const code = typeof o.nationalCode === 'string' ? ` (${o.nationalCode})` : '';
  return `${file} › thủ tục số ${index + 1}${name}${code}`;
}

/**
 * Parses and checks every file; throws CATALOG_FILE_INVALID listing all problems (details.problems),
 * each as "file › thủ tục số N "name" (code) › field: message".
 */
export function parseCatalogFiles(raw: readonly RawFile[]): ParsedFile[] {
  const problems: string[] = [];
  const parsed: ParsedFile[] = [];
  const codes = new Map<string, string>();
  const names = new Map<string, string>();
  for (const { name, text } of raw) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      problems.push(`${name}: không phải JSON hợp lệ (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    if (!Value.Check(CatalogFile, doc)) {
      for (const e of Value.Errors(CatalogFile, doc)) {
        if (e.keyword === 'boolean') continue; // repeated by the additionalProperties entry
        const m = /^\/procedures\/(\d+)(\/.*)?$/.exec(e.instancePath);
        const procedures = typeof doc === 'object' && doc !== null && 'procedures' in doc ? doc.procedures : [];
        if (m && Array.isArray(procedures)) {
          const index = Number(m[1]);
          problems.push(`${procedureLabel(name, index, procedures[index])} › ${at(m[2] ?? '')}: ${e.message}`);
        } else problems.push(`${name} › ${at(e.instancePath)}: ${e.message}`);
      }
      continue;
    }
    doc.procedures.forEach((p, i) => {
      const label = procedureLabel(name, i, p);
      for (const problem of contentProblems(p)) problems.push(`${label} › ${problem.field}: ${problem.message}`);
      try {
        checkContent(p);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'PROCESS_BUDGET_MISMATCH')
          problems.push(`${label} › process: ${err.message}`);
        else if (!(err instanceof DomainError)) throw err;
      }
      if (p.nationalCode) {
        const seen = codes.get(p.nationalCode);
        if (seen) problems.push(`${label} › nationalCode: mã ${p.nationalCode} đã dùng ở ${seen}`);
        codes.set(p.nationalCode, label);
      }
      const key = `${p.level}|${p.name}`;
      const seen = names.get(key);
      if (seen) problems.push(`${label} › name: trùng tên và cấp thực hiện với ${seen}`);
      names.set(key, label);
    });
    parsed.push({ name, file: doc });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('\n  ');
    const more = problems.length > 10 ? `\n  … và ${problems.length - 10} lỗi khác` : '';
    throw new DomainError(
      'CATALOG_FILE_INVALID',
      { problems },
      `Tệp dữ liệu danh mục thủ tục hành chính chưa hợp lệ (${problems.length} lỗi):\n  ${shown}${more}`,
    );
  }
  return parsed;
}

/** A copy of `value` with its keys in the schema's order (jsonb stores keys in its own order). */
function inSchemaOrder<T extends object>(schema: TObject, value: T): T {
  const order = Object.keys(schema.properties);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  // Same keys and values, only their order changes: the object is still a T.
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/** A procedure as the data files write it. */
export function fileProcedure(content: ProcedureContent): ProcedureContent {
  // The files state a level of assurance only where it differs from the default (model.ts).
  const { assuranceLevel, ...p } = content;
  return inSchemaOrder(ProcedureContent, {
    ...p,
    ...(assuranceLevel === undefined || assuranceLevel === DEFAULT_ASSURANCE_LEVEL ? {} : { assuranceLevel }),
    fees: p.fees.map((f) => inSchemaOrder(Fee, f)),
    papers: p.papers.map((x) => inSchemaOrder(Paper, x)),
    eform: p.eform.map((x) => inSchemaOrder(EformField, x)),
    process: p.process.map((x) => inSchemaOrder(ProcessStep, x)),
  });
}

export function formatCatalogFile(file: CatalogFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
