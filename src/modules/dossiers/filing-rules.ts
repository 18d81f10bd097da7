/** What a filing must carry: the applicant's particulars and the procedure's e-form (pure). */
import { parsePersonalId } from '../../platform/codes/index.ts';
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
}

interface FieldProblem {
  field: string;
  message: string;
}

const nfc = (s: string) => s.normalize('NFC').trim();

export function validateApplicant(input: Applicant): Applicant {
  const problems: FieldProblem[] = [];
  const fullName = nfc(input.fullName ?? '');
  if (fullName.length < 2)
    problems.push({ field: 'applicant.fullName', message: 'Vui lòng nhập họ và tên người nộp.' });
  const personalId = input.personalId?.replace(/\s/g, '');
  if (personalId) {
    const parsed = parsePersonalId(personalId);
    if (!parsed.ok) problems.push({ field: 'applicant.personalId', message: parsed.error.message });
  }
  if (!input.phone && !input.email) {
    problems.push({
      field: 'applicant.phone',
      message: 'Vui lòng nhập số điện thoại hoặc thư điện tử để nhận thông báo.',
    });
  }
  if (problems.length > 0) throw new DomainError('DOSSIER_APPLICANT_INVALID', { fields: problems });
  return {
    type: input.type,
    fullName,
    ...(personalId ? { personalId } : {}),
    ...(input.phone ? { phone: nfc(input.phone) } : {}),
    ...(input.email ? { email: nfc(input.email).toLowerCase() } : {}),
    ...(input.address ? { address: nfc(input.address) } : {}),
  };
}

/**
 * Checks the e-form answers against the procedure's fields; unknown keys are dropped. A draft
 * (`partial`) may leave required fields empty; what it holds must still be well formed.
 */
export function validateFormData(
  fields: readonly EformField[],
  data: Record<string, unknown>,
  options: { partial?: boolean } = {},
): Record<string, unknown> {
  const problems: FieldProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = data[f.key];
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (empty) {
      if (f.required && f.type !== 'file' && !options.partial)
        problems.push({ field: `formData.${f.key}`, message: `Vui lòng nhập “${f.label}”.` });
      continue;
    }
    const text = typeof value === 'string' ? nfc(value) : value;
    const bad = (message: string) => problems.push({ field: `formData.${f.key}`, message: `“${f.label}”: ${message}` });
    switch (f.type) {
      case 'number':
        if (typeof text !== 'number' && !(typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text))) bad('phải là số.');
        else out[f.key] = Number(text);
        continue;
      case 'date':
        if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
          bad('phải là ngày hợp lệ (năm-tháng-ngày).');
        else out[f.key] = text;
        continue;
      case 'choice':
        if (typeof text !== 'string' || !(f.options ?? []).includes(text))
          bad(`phải là một trong: ${(f.options ?? []).join(', ')}.`);
        else out[f.key] = text;
        continue;
      case 'personal_id': {
        const parsed = typeof text === 'string' ? parsePersonalId(text.replace(/\s/g, '')) : undefined;
        if (!parsed?.ok) bad(parsed && !parsed.ok ? parsed.error.message : 'số định danh không hợp lệ.');
        else out[f.key] = parsed.value.number;
        continue;
      }
      default:
        if (typeof text !== 'string' || text.length > 2000) bad('không hợp lệ.');
        else out[f.key] = text;
    }
  }
  if (problems.length > 0) throw new DomainError('DOSSIER_FORM_INVALID', { fields: problems });
  return out;
}
