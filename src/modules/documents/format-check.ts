/**
 * The layout rules of Decree 30/2020/NĐ-CP Annex I that software can check on a draft (pure):
 * the notation (type abbreviation – issuer abbreviation, upper case, groups joined by "-"
 * without spaces; for a công văn issuer – drafting unit), the type abbreviation against
 * Annex III, the date line's place, the recipients and the "Nơi nhận" list ending with
 * "Lưu: VT, …". Each finding is a Vietnamese sentence the clerk reads.
 */

/** Annex III: document type → abbreviation ('' for công văn and thư công). */
export const documentTypes: ReadonlyArray<{ code: string; name: string }> = [
  { code: '', name: 'Công văn' },
  { code: 'QĐ', name: 'Quyết định' },
  { code: 'NQ', name: 'Nghị quyết' },
  { code: 'CT', name: 'Chỉ thị' },
  { code: 'QC', name: 'Quy chế' },
  { code: 'QyĐ', name: 'Quy định' },
  { code: 'TC', name: 'Thông cáo' },
  { code: 'TB', name: 'Thông báo' },
  { code: 'HD', name: 'Hướng dẫn' },
  { code: 'CTr', name: 'Chương trình' },
  { code: 'KH', name: 'Kế hoạch' },
  { code: 'PA', name: 'Phương án' },
  { code: 'ĐA', name: 'Đề án' },
  { code: 'DA', name: 'Dự án' },
  { code: 'BC', name: 'Báo cáo' },
  { code: 'BB', name: 'Biên bản' },
  { code: 'TTr', name: 'Tờ trình' },
  { code: 'HĐ', name: 'Hợp đồng' },
  { code: 'CĐ', name: 'Công điện' },
  { code: 'BGN', name: 'Bản ghi nhớ' },
  { code: 'BTT', name: 'Bản thỏa thuận' },
  { code: 'GUQ', name: 'Giấy ủy quyền' },
  { code: 'GM', name: 'Giấy mời' },
  { code: 'GGT', name: 'Giấy giới thiệu' },
  { code: 'GNP', name: 'Giấy nghỉ phép' },
  { code: 'PG', name: 'Phiếu gửi' },
  { code: 'PC', name: 'Phiếu chuyển' },
  { code: 'PB', name: 'Phiếu báo' },
];

export const typeNameOf = (code: string): string | undefined => documentTypes.find((t) => t.code === code)?.name;

export interface FormatInput {
  typeCode: string;
  typeName: string;
  codeNotation: string;
  subject: string;
  place: string | null;
  recipients: readonly unknown[];
  toPlaces: readonly string[];
  signer: { fullName: string; position: string } | null;
}

/** An abbreviation group: letters (Vietnamese capitals, with the lower-case letters Annex III keeps: QyĐ, CTr, TTr) and digits. */
const GROUP = /^[A-ZĐ][A-Za-zĐđ0-9]*$/u;

export function checkFormat(input: FormatInput): string[] {
  const findings: string[] = [];
  const typeName = typeNameOf(input.typeCode);
  if (typeName === undefined) findings.push(`Loại văn bản “${input.typeCode}” không có trong Phụ lục III.`);
  else if (typeName !== input.typeName) findings.push(`Tên loại văn bản phải là “${typeName}”.`);
  const groups = input.codeNotation.split('-');
  if (groups.length < 2 || !groups.every((g) => GROUP.test(g)) || /\s/u.test(input.codeNotation)) {
    findings.push(
      'Ký hiệu văn bản phải gồm các nhóm chữ viết tắt in hoa nối với nhau bằng dấu gạch nối, không có khoảng trắng (ví dụ QĐ-STP, STP-VP).',
    );
  } else if (input.typeCode !== '' && groups[0] !== input.typeCode) {
    findings.push(`Ký hiệu văn bản phải bắt đầu bằng chữ viết tắt tên loại “${input.typeCode}”.`);
  } else if (input.typeCode === '' && typeNameOf(groups[0] ?? '') !== undefined && groups[0] !== '') {
    findings.push('Ký hiệu công văn gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo, không có tên loại.');
  }
  if (!input.place?.trim()) findings.push('Thiếu địa danh ở dòng ngày tháng năm ban hành.');
  if (!input.subject.trim()) findings.push('Thiếu trích yếu nội dung.');
  if (input.recipients.length === 0) findings.push('Văn bản chưa có nơi nhận.');
  const last = input.toPlaces.at(-1);
  if (!last || !/^Lưu:\s*VT\b/u.test(last)) findings.push('Dòng cuối của “Nơi nhận” phải là “Lưu: VT, …”.');
  if (!input.signer?.fullName.trim() || !input.signer.position.trim()) {
    findings.push('Thiếu chức vụ và họ tên người ký.');
  }
  return findings;
}
