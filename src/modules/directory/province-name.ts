/** The province's name as it reads inside a sentence on the pages ("tỉnh Tuyên Quang"). */
import { anonymous } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { getAdminUnit } from './units.ts';

export async function provinceNameOf(db: Executor, provinceCode: string): Promise<string> {
  try {
    // "Tỉnh Tuyên Quang" reads "tỉnh Tuyên Quang" inside a sentence.
    return (await getAdminUnit(db, anonymous, provinceCode)).name.replace(/^(Tỉnh|Thành phố) /, (m) => m.toLowerCase());
  } catch (err) {
    // Before the seed has loaded the units the page still renders, with the code.
    if (!(err instanceof DomainError)) throw err;
    return `tỉnh (mã ${provinceCode})`;
  }
}
