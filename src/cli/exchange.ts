/**
 * `mocua verify-exchange FILE`: checks an exported data-exchange message log offline
 * (modules/exchange verify-archive.ts) and prints what it proves. Exit 0 when every record and
 * batch verifies and is signed and time-stamped, 1 when something was altered or removed,
 * 3 when nothing was altered but part of it is not sealed, signed or time-stamped yet.
 * `mocua exchange export FILE` writes such an archive from the database.
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  ARCHIVE_WARNINGS,
  type ArchiveReport,
  exportExchangeArchive,
  verifyExchangeArchive,
} from '../modules/exchange/index.ts';
import type { DbHandle } from '../platform/db/index.ts';
import { buildServices } from '../services.ts';
import type { Command } from './commands.ts';

function formatArchiveReport(report: ArchiveReport): string {
  const altered = report.problems.filter((p) => !ARCHIVE_WARNINGS.has(p.kind));
  const pending = report.problems.filter((p) => ARCHIVE_WARNINGS.has(p.kind));
  const lines = [
    `Nhật ký trao đổi dữ liệu: ${report.batches} lô, ${report.records} bản ghi, ${report.stamped} lô có dấu thời gian`,
    ...(report.tsas.length ? [`Đơn vị cấp dấu thời gian: ${report.tsas.join('; ')}`] : []),
    ...(report.period ? [`Dấu thời gian từ ${report.period.from} đến ${report.period.to}`] : []),
    altered.length === 0
      ? pending.length === 0
        ? 'Kết luận: HỢP LỆ — không bản ghi nào bị sửa, thêm hay xóa; mọi lô đã ký và gắn dấu thời gian.'
        : 'Kết luận: CHƯA ĐẦY ĐỦ — không phát hiện sửa đổi, nhưng còn phần chưa niêm phong, ký hoặc gắn dấu thời gian.'
      : 'Kết luận: KHÔNG HỢP LỆ — nhật ký đã bị sửa, thêm hoặc xóa sau khi ký.',
    ...altered.map((p) => `  ✗ ${p.where}: ${p.detail} [${p.kind}]`),
    ...pending.map((p) => `  ! ${p.where}: ${p.detail} [${p.kind}]`),
  ];
  return lines.join('\n');
}

export const verifyExchangeCommand: Command = async ({ positionals }) => {
  const file = positionals[0];
  if (!file) {
    console.error('Cách dùng: mocua verify-exchange FILE');
    return 2;
  }
  const report = verifyExchangeArchive(await readFile(file, 'utf8'));
  console.log(formatArchiveReport(report));
  if (report.problems.some((p) => !ARCHIVE_WARNINGS.has(p.kind))) return 1;
  return report.problems.length === 0 ? 0 : 3;
};

export async function exportExchangeCommand(db: DbHandle, file: string | undefined, ctx: Parameters<Command>[0]) {
  if (!file) {
    console.error('Cách dùng: mocua exchange export FILE');
    return 2;
  }
  const signer = await buildServices(ctx.config).signing?.province(db.db);
  await writeFile(file, await exportExchangeArchive(db.db, { provinceCode: ctx.config.provinceCode, signer }));
  console.log(`Đã xuất nhật ký trao đổi dữ liệu vào ${file}${signer ? '' : ' (chưa ký: tỉnh chưa có khóa ký)'}.`);
  return 0;
}
