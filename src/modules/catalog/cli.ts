/**
 * `mocua catalog import [DIR] [--province CODE]` and `mocua catalog export [DIR] [--province CODE]`.
 * DIR defaults to data/procedures for import; export without DIR prints the files as one JSON
 * array on stdout. The province defaults to PROVINCE_CODE (platform/config.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../platform/config.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { formatCatalogFile } from './files.ts';
import { DEFAULT_CATALOG_DIR, exportCatalog, importCatalog } from './import.ts';

function parse(args: string[]): { dir: string | undefined; provinceCode: string } {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { province: { type: 'string' }, dir: { type: 'string' } },
  });
  const provinceCode = values.province ?? loadConfig().provinceCode;
  if (!/^\d{2}$/.test(provinceCode)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { province: provinceCode },
      `Mã tỉnh phải gồm 2 chữ số (QĐ 19/2025), không phải "${provinceCode}".`,
    );
  }
  return { dir: values.dir ?? positionals[0], provinceCode };
}

/** Prints a domain error the way an operator reads it and returns the exit code. */
function fail(err: unknown): number {
  if (err instanceof DomainError) {
    console.error(err.message);
    return 1;
  }
  if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`${err.message}\nCách dùng: mocua catalog import|export [DIR] [--province CODE]`);
    return 2;
  }
  throw err;
}

export async function catalogImportCommand(db: DbHandle, args: string[]): Promise<number> {
  try {
    const { dir, provinceCode } = parse(args);
    const report = await importCatalog(db.db, { provinceCode, dir: dir ?? DEFAULT_CATALOG_DIR });
    console.log(
      `Đã nhập danh mục thủ tục hành chính tỉnh ${provinceCode}: ${report.files} tệp, ${report.fields} lĩnh vực, ` +
        `${report.procedures} thủ tục (${report.created} mới, ${report.updated} cập nhật, ${report.unchanged} không đổi), ` +
        `${report.templatesPublished} phiên bản quy trình mới.`,
    );
    if (report.unmappedKinds.length > 0) {
      console.warn(`Chưa có cơ quan thực hiện trong danh bạ cho các loại: ${report.unmappedKinds.join(', ')}.`);
    }
    return 0;
  } catch (err) {
    return fail(err);
  }
}

export async function catalogExportCommand(db: DbHandle, args: string[]): Promise<number> {
  try {
    const { dir, provinceCode } = parse(args);
    const files = await exportCatalog(db.db, { provinceCode });
    if (!dir) {
      console.log(JSON.stringify(files, null, 2));
      return 0;
    }
    mkdirSync(dir, { recursive: true });
    for (const file of files) writeFileSync(path.join(dir, `${file.field.code}.json`), formatCatalogFile(file));
    const count = files.reduce((n, f) => n + f.procedures.length, 0);
    console.log(`Đã xuất ${count} thủ tục của ${files.length} lĩnh vực vào ${dir}.`);
    return 0;
  } catch (err) {
    return fail(err);
  }
}
