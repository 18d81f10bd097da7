/** What a filing must carry: the applicant's particulars and the procedure's e-form (pure). */

import type { Caller } from '../../platform/auth/caller.ts';
import {
  isCalendarDate,
  isEmail,
  isPhone,
  isPlausibleName,
  parsePersonalId,
  vietnamToday,
} from '../../platform/codes/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { EformField } from '../catalog/index.ts';

registerErrors({
  DOSSIER_APPLICANT_INVALID: { status: 400, vi: 'Thông tin người nộp hồ sơ chưa đầy đủ hoặc chưa đúng.' },
  DOSSIER_FORM_INVALID: {
    status: 400,
    vi: 'Tờ khai điện tử chưa đầy đủ hoặc chưa đúng. Vui lòng kiểm tra các trường được nêu.',
  },
});

export interface Applicant {
  type: 'citizen' | 'business' | 'agency' | 'other';
  fullName: string;
  personalId?: string;
  phone?: string;
  email?: string;
  address?: string;
  /** YYYY-MM-DD; set when the national identity vouched for it (the portal's applicant step). */
  birthDate?: string;
}

interface FieldProblem {
  field: string;
  message: string;
}

const nfc = (s: string) => s.normalize('NFC').trim();

/**
 * Messages written for the field they are about (GOV.UK "error message" pattern): what to do,
 * in the person's words ("Chọn giới tính", "Nhập họ và tên"), never a format code.
 */
const lower = (label: string) => label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);
const requiredMessage = (f: Pick<EformField, 'label' | 'type'>) =>
  `${f.type === 'choice' || f.type === 'address' || f.type === 'place' ? 'Chọn' : 'Nhập'} ${lower(f.label)}`;

const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Required by the catalog, or because the field it goes with is answered (`requiredWith`). */
const isRequired = (f: EformField, data: Record<string, unknown>) =>
  f.required || (f.requiredWith !== undefined && !isEmpty(data[f.requiredWith]));

/** Every problem of the applicant at once (a bad phone must not hide a missing name). */
export function validateApplicant(input: Applicant): Applicant {
  const problems: FieldProblem[] = [];
  const fullName = nfc(input.fullName ?? '').replace(/\s+/g, ' ');
  if (fullName === '') problems.push({ field: 'applicant.fullName', message: 'Nhập họ và tên người nộp hồ sơ.' });
  else if (input.type === 'citizen' && !isPlausibleName(fullName))
    problems.push({
      field: 'applicant.fullName',
      message: 'Họ và tên chỉ gồm chữ cái và dấu cách, ví dụ Nguyễn Thị Mai.',
    });
  else if (fullName.length > 200)
    problems.push({ field: 'applicant.fullName', message: 'Tên người nộp hồ sơ dài quá 200 ký tự.' });
  const personalId = input.personalId?.replace(/\s/g, '');
  if (personalId) {
    const parsed = parsePersonalId(personalId);
    if (!parsed.ok) problems.push({ field: 'applicant.personalId', message: `${parsed.error.message}.` });
  }
  const phone = input.phone ? nfc(input.phone) : '';
  const email = input.email ? nfc(input.email).toLowerCase() : '';
  if (!phone && !email) {
    problems.push({
      field: 'applicant.phone',
      message: 'Nhập số điện thoại hoặc thư điện tử để nhận thông báo về hồ sơ.',
    });
  }
  if (phone && !isPhone(phone))
    problems.push({
      field: 'applicant.phone',
      message: 'Nhập số điện thoại Việt Nam, ví dụ 0912 345 678.',
    });
  if (email && !isEmail(email))
    problems.push({
      field: 'applicant.email',
      message: 'Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@example.com.',
    });
  if (input.birthDate !== undefined && !isCalendarDate(input.birthDate))
    problems.push({ field: 'applicant.birthDate', message: 'Nhập ngày sinh đúng dạng ngày/tháng/năm.' });
  if (problems.length > 0) throw new DomainError('DOSSIER_APPLICANT_INVALID', { fields: problems });
  return {
    type: input.type,
    fullName,
    ...(personalId ? { personalId } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(input.address ? { address: nfc(input.address) } : {}),
    ...(input.birthDate ? { birthDate: input.birthDate } : {}),
  };
}

const isYearOfBirth = (year: number, today: string) =>
  Number.isInteger(year) && year >= 1900 && year <= Number(today.slice(0, 4));

/**
 * Checks the e-form answers against the procedure's fields; unknown keys are dropped. A draft
 * (`partial`) may leave required fields empty; what it holds must still be well formed. Every
 * field's problem is reported, each in words written for that field.
 */
export function validateFormData(
  fields: readonly EformField[],
  data: Record<string, unknown>,
  options: { partial?: boolean; today?: string } = {},
): Record<string, unknown> {
  const problems: FieldProblem[] = [];
  const out: Record<string, unknown> = {};
  const today = options.today ?? vietnamToday();
  for (const f of fields) {
    const value = data[f.key];
    if (isEmpty(value)) {
      if (isRequired(f, data) && f.type !== 'file' && !options.partial)
        problems.push({ field: `formData.${f.key}`, message: `${requiredMessage(f)}.` });
      continue;
    }
    const text = typeof value === 'string' ? nfc(value) : value;
    const bad = (message: string) => problems.push({ field: `formData.${f.key}`, message });
    switch (f.type) {
      case 'number':
        if (typeof text !== 'number' && !(typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text)))
          bad(
            f.check === 'year_of_birth'
              ? `${f.label} ghi bằng 4 chữ số, ví dụ 1995.`
              : `${f.label} chỉ gồm chữ số, ví dụ 12.`,
          );
        else if (f.check === 'year_of_birth' && !isYearOfBirth(Number(text), today))
          bad(`${f.label} phải là một năm từ 1900 đến năm nay, ghi bằng 4 chữ số, ví dụ 1995.`);
        else out[f.key] = Number(text);
        continue;
      case 'date':
        if (typeof text !== 'string' || !isCalendarDate(text))
          bad(`${f.label} phải là một ngày có thật, ghi ngày, tháng, năm bằng số, ví dụ 27 3 2026.`);
        else if (f.check === 'not_future' && text > today) bad(`${f.label} phải là hôm nay hoặc một ngày đã qua.`);
        else out[f.key] = text;
        continue;
      case 'choice':
        if (typeof text !== 'string' || !(f.options ?? []).includes(text))
          bad(`${requiredMessage(f)} trong danh sách.`);
        else out[f.key] = text;
        continue;
      case 'personal_id': {
        const parsed = typeof text === 'string' ? parsePersonalId(text.replace(/\s/g, '')) : undefined;
        if (!parsed?.ok) bad(parsed && !parsed.ok ? `${parsed.error.message}.` : 'Số định danh cá nhân gồm 12 chữ số.');
        else out[f.key] = parsed.value.number;
        continue;
      }
      default:
        if (typeof text !== 'string' || text.length > 2000) bad(`${f.label} dài quá 2000 ký tự.`);
        else if (f.check === 'person_name' && !isPlausibleName(text))
          bad(`${f.label} chỉ gồm chữ cái và dấu cách, ví dụ Nguyễn Minh Khôi.`);
        else out[f.key] = f.check === 'person_name' ? text.replace(/\s+/g, ' ') : text;
    }
  }
  if (problems.length > 0) throw new DomainError('DOSSIER_FORM_INVALID', { fields: problems });
  return out;
}

/**
 * How the filer had signed in, kept on the `submit` action (what the national sync reports as
 * TaiKhoanDuocXacThucVoiVNeID, DOMAIN.md §2.1): a citizen's session level of assurance (0 a
 * password, 1 or 2 the national sign-on, platform/auth oidc-claims.ts); a filing accepted from
 * the national portal carries the portal's own flag. Staff at the counter file for someone else:
 * nothing is recorded.
 */
export function filerSignIn(caller: Caller, vneidVerified?: boolean): { assurance?: number; vneidVerified?: boolean } {
  if (caller.kind === 'citizen') return { assurance: caller.assurance ?? 0 };
  if (caller.kind === 'system' && vneidVerified !== undefined) return { vneidVerified };
  return {};
}
