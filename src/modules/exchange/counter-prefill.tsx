/**
 * What a filing (the counter form, or the citizen's online filing) takes from a population
 * look-up: the applicant's fields, and the e-form fields whose keys name the same facts (the
 * catalog's e-forms use these keys: ho-tich, bao-tro-xa-hoi); and the small section the counter
 * form shows — the "Lấy từ CSDL dân cư" button, or the note that the data came from the register
 * (carried as a hidden field so the filed dossier is marked).
 */

import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { ButtonLink } from '../../web/components/form.tsx';
import { POPULATION_PATH } from './pages/population-view.tsx';
import type { PopulationPrefill } from './schema.ts';
import { getPopulationPrefill } from './use-prefill.ts';

export interface CounterPrefill {
  prefillId: string;
  applicant: { fullName: string; personalId: string; address: string };
  /**
   * E-form fields that are the applicant's own facts whatever the procedure. Keys such as `sex`,
   * `birthDate` or `fatherId` mean the child's or the deceased's in some procedures (ho-tich), so
   * they are not filled: the officer copies them from the family list shown beside the form.
   */
  form: Record<string, string>;
  family: { relation: string; fullName: string; personalId: string }[];
}

function counterValuesOf(prefillId: string, d: PopulationPrefill): CounterPrefill {
  const family = [
    d.father && { relation: 'Cha', ...d.father },
    d.mother && { relation: 'Mẹ', ...d.mother },
    d.spouse && { relation: 'Vợ/chồng', ...d.spouse },
    d.householdHead && {
      relation: `Chủ hộ${d.householdHead.relation ? ` (quan hệ với chủ hộ: ${d.householdHead.relation})` : ''}`,
      fullName: d.householdHead.fullName,
      personalId: d.householdHead.personalId,
    },
  ].filter((x): x is { relation: string; fullName: string; personalId: string } => Boolean(x));
  const form: Record<string, string> = d.householdHead
    ? { householdHead: d.householdHead.fullName, householdHeadId: d.householdHead.personalId }
    : {};
  return {
    prefillId,
    applicant: { fullName: d.fullName, personalId: d.personalId, address: d.currentAddress || d.permanentAddress },
    form: Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')),
    family,
  };
}

/** The prefill for this caller's filing (officer or citizen), or undefined when it expired or is not theirs. */
export async function populationPrefillOf(
  db: Executor,
  caller: Caller,
  prefillId: string | undefined,
): Promise<CounterPrefill | undefined> {
  if (!prefillId) return undefined;
  try {
    return counterValuesOf(prefillId, await getPopulationPrefill(db, caller, prefillId));
  } catch (err) {
    if (err instanceof DomainError && err.code === 'EXCHANGE_PREFILL_NOT_FOUND') return undefined;
    throw err;
  }
}

/** On the counter form, under "Người nộp hồ sơ": the button, or what came from the register. */
export function FamilyList(props: { family: CounterPrefill['family'] }) {
  if (props.family.length === 0) return null;
  return (
    <ul>
      {props.family.map((m) => (
        <li key={m.relation}>
          {m.relation}: {m.fullName}
          {m.personalId ? ` — số định danh ${m.personalId}` : ''}
        </li>
      ))}
    </ul>
  );
}

export function PopulationSection(props: {
  procedureCode: string;
  prefill?: CounterPrefill | undefined;
  /** After a refused post: the prefill carried by the form (its data is already in the fields). */
  prefillId?: string | undefined;
}) {
  const prefillId = props.prefill?.prefillId ?? props.prefillId;
  if (prefillId) {
    const family = props.prefill?.family ?? [];
    return (
      <div class="inset" data-population-prefill>
        <input type="hidden" name="danCu" value={prefillId} />
        <p>
          Thông tin người nộp đã được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư (có sự đồng ý của công dân). Kiểm tra
          với người nộp trước khi tiếp nhận.
        </p>
        <FamilyList family={family} />
      </div>
    );
  }
  return (
    <p>
      <ButtonLink variant="secondary" href={`${POPULATION_PATH}?thu-tuc=${encodeURIComponent(props.procedureCode)}`}>
        Lấy từ CSDL dân cư
      </ButtonLink>
    </p>
  );
}
