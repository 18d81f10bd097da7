/**
 * Words of the generated documents (documents.ts): the types of Decree 30/2020 Annex III with
 * their abbreviations, weighted by repetition (công văn the most common), plausible subjects
 * (trích yếu) and the issuers an agency of a province receives from.
 */
const typePairs: Array<[string, string, number]> = [
  ['', 'Công văn', 8],
  ['QĐ', 'Quyết định', 3],
  ['TB', 'Thông báo', 2],
  ['KH', 'Kế hoạch', 2],
  ['BC', 'Báo cáo', 2],
  ['TTr', 'Tờ trình', 1],
  ['GM', 'Giấy mời', 2],
  ['HD', 'Hướng dẫn', 1],
  ['CT', 'Chỉ thị', 1],
];
const weighted = typePairs.flatMap(([code, name, w]) => Array.from({ length: w }, () => [code, name] as const));

const issuerPairs: Array<[string, string]> = [
  ['Văn phòng Chính phủ', 'VPCP'],
  ['Bộ Nội vụ', 'BNV'],
  ['Bộ Tài chính', 'BTC'],
  ['Bộ Tư pháp', 'BTP'],
  ['Bộ Y tế', 'BYT'],
  ['Bộ Giáo dục và Đào tạo', 'BGDĐT'],
  ['Bộ Nông nghiệp và Môi trường', 'BNNMT'],
  ['Bộ Công an', 'BCA'],
  ['Tỉnh ủy Tuyên Quang', 'TU'],
  ['Hội đồng nhân dân tỉnh Tuyên Quang', 'HĐND'],
  ['Ủy ban nhân dân tỉnh Tuyên Quang', 'UBND'],
  ['Văn phòng Ủy ban nhân dân tỉnh Tuyên Quang', 'VPUBND'],
  ['Sở Nội vụ tỉnh Tuyên Quang', 'SNV'],
  ['Sở Tài chính tỉnh Tuyên Quang', 'STC'],
  ['Sở Tư pháp tỉnh Tuyên Quang', 'STP'],
  ['Sở Y tế tỉnh Tuyên Quang', 'SYT'],
  ['Bảo hiểm xã hội tỉnh Tuyên Quang', 'BHXH'],
  ['Công an tỉnh Tuyên Quang', 'CAT'],
];

export const documentTexts = {
  typeCodes: weighted.map(([code]) => code),
  types: weighted.map(([, name]) => name),
  issuers: issuerPairs.map(([name]) => name),
  issuerAbbrs: issuerPairs.map(([, abbr]) => abbr),
  subjects: [
    'V/v triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư',
    'V/v báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội',
    'V/v đôn đốc giải quyết hồ sơ thủ tục hành chính quá hạn',
    'Về việc tổ chức Hội nghị tổng kết công tác',
    'V/v góp ý dự thảo Quyết định ban hành Quy chế làm việc',
    'V/v tăng cường công tác phòng, chống thiên tai và tìm kiếm cứu nạn',
    'V/v cung cấp thông tin phục vụ công tác thống kê',
    'V/v cử cán bộ tham gia lớp bồi dưỡng nghiệp vụ',
    'Ban hành Kế hoạch chuyển đổi số',
    'V/v thực hiện chế độ báo cáo định kỳ',
    'V/v rà soát, cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức',
    'Về việc phân bổ kinh phí thực hiện nhiệm vụ',
    'V/v kiểm tra công tác cải cách hành chính',
    'V/v giải quyết đơn kiến nghị của công dân',
    'V/v phòng, chống dịch bệnh trên gia súc, gia cầm',
    'V/v thẩm định dự thảo văn bản quy phạm pháp luật',
    'V/v triển khai Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử',
    'V/v đăng ký thi đua, khen thưởng',
    'V/v lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan',
    'V/v bảo đảm an toàn thông tin mạng',
    'V/v tổng hợp nhu cầu đào tạo, bồi dưỡng',
    'V/v thực hiện thủ tục hành chính trên môi trường điện tử',
    'V/v quyết toán ngân sách',
    'V/v chuẩn bị nội dung kỳ họp Hội đồng nhân dân tỉnh',
  ],
} as const;
