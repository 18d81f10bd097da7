/**
 * The components of the national service index of Decision 766/QĐ-TTg (DOMAIN.md §3.1): the
 * 6 groups and their maxima, each component's formula as §3.1 states it, and the reason a
 * component Mở Cửa holds no data for yet is not scored. index766.ts scores them.
 */
export const groups766 = [
  { code: 'CKMB', name: 'Công khai, minh bạch', max: 18 },
  { code: 'TDGQ', name: 'Tiến độ giải quyết', max: 20 },
  { code: 'CLGQ', name: 'Dịch vụ công trực tuyến', max: 12 },
  { code: 'TTTT', name: 'Thanh toán trực tuyến', max: 10 },
  { code: 'MDHL', name: 'Mức độ hài lòng', max: 18 },
  { code: 'MDSH', name: 'Số hóa hồ sơ', max: 22 },
] as const;
export type GroupCode = (typeof groups766)[number]['code'];

export interface ComponentDefinition {
  id: string;
  group: GroupCode;
  name: string;
  max: number;
  /** As DOMAIN.md §3.1 states it. */
  formula: string;
  /** Full points at or above this rate (%); undefined: proportional to 100 %. */
  fullAt?: number;
}

const NO_DATA = {
  publication:
    'Mở Cửa chưa lưu ngày ban hành quyết định công bố TTHC, ngày hiệu lực của văn bản quy định và ngày công khai trên Cơ sở dữ liệu quốc gia về TTHC.',
  sync: 'Mở Cửa chưa đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia (chưa có mô-đun kết nối quốc gia), nên chưa có số hồ sơ đã đồng bộ.',
  payments:
    'Mở Cửa chưa có mô-đun thanh toán trực tuyến: chưa ghi nhận giao dịch qua Nền tảng thanh toán của Cổng DVCQG.',
  store: 'Mở Cửa chưa kết nối Kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Cổng DVCQG.',
  certifiedCopy: 'Mở Cửa chưa có nghiệp vụ chứng thực bản sao điện tử từ bản chính.',
} as const;

/** The components, in the order of DOMAIN.md §3.1; maxima sum to each group's and to 100. */
export const components766: ReadonlyArray<ComponentDefinition & { noData?: string }> = [
  {
    id: '1.1',
    group: 'CKMB',
    name: 'TTHC được công bố đúng hạn',
    max: 6,
    formula: 'TTHC có QĐCB ≤ ngày hiệu lực của VBQPPL − 5 ngày làm việc ÷ TTHC công bố trong kỳ',
    noData: NO_DATA.publication,
  },
  {
    id: '1.2',
    group: 'CKMB',
    name: 'TTHC được cập nhật, công khai trên CSDL quốc gia đúng hạn',
    max: 4,
    formula: 'Ngày công khai ≤ ngày QĐCB + 5 ngày làm việc ÷ TTHC phải công khai',
    noData: NO_DATA.publication,
  },
  {
    id: '1.3',
    group: 'CKMB',
    name: 'TTHC công khai đầy đủ các bộ phận',
    max: 2,
    formula: 'TTHC công khai đủ bộ phận (NĐ 63/2010, Điều 8.2) ÷ TTHC công khai',
    noData: NO_DATA.publication,
  },
  {
    id: '1.4',
    group: 'CKMB',
    name: 'Hồ sơ được đồng bộ lên Cổng DVCQG',
    max: 6,
    formula: 'Hồ sơ đồng bộ có ngày tiếp nhận trong kỳ ÷ max(số trên Cổng DVCQG, số trên Hệ thống báo cáo)',
    noData: NO_DATA.sync,
  },
  {
    id: '2.1',
    group: 'TDGQ',
    name: 'Hồ sơ giải quyết trước hạn, đúng hạn',
    max: 20,
    formula:
      '(Đã giải quyết trước hạn, đúng hạn + đang giải quyết trong hạn) ÷ hồ sơ tiếp nhận hoặc giải quyết trong kỳ',
  },
  {
    id: '3.x',
    group: 'CLGQ',
    name: 'Hồ sơ trực tuyến toàn trình',
    max: 12,
    formula: 'Hồ sơ nộp trực tuyến của TTHC đủ điều kiện toàn trình ÷ hồ sơ của các TTHC đó tiếp nhận trong kỳ',
  },
  {
    id: '3.5',
    group: 'TTTT',
    name: 'TTHC có phí, lệ phí tích hợp thanh toán trực tuyến',
    max: 2,
    formula: 'TTHC có hồ sơ đồng bộ dữ liệu phí ÷ TTHC có phí, lệ phí khác 0; đủ điểm khi ≥ 80%',
    fullAt: 80,
    noData: NO_DATA.payments,
  },
  {
    id: '3.5b',
    group: 'TTTT',
    name: 'TTHC có phát sinh giao dịch thanh toán trực tuyến',
    max: 2,
    formula: 'TTHC có ≥ 1 giao dịch thanh toán trực tuyến',
    noData: NO_DATA.payments,
  },
  {
    id: '3.6',
    group: 'TTTT',
    name: 'Hồ sơ thanh toán trực tuyến',
    max: 6,
    formula: 'Hồ sơ có DuocThanhToanTrucTuyen ∈ {1, 2} ÷ (hồ sơ của TTHC có phí − hồ sơ có phí bằng 0)',
    noData: NO_DATA.payments,
  },
  {
    id: '5.2',
    group: 'MDHL',
    name: 'Phản ánh, kiến nghị xử lý đúng hạn',
    max: 6,
    formula:
      '(Đã xử lý đúng hạn + đang xử lý trong hạn) ÷ PAKN xử lý trong kỳ hoặc đang xử lý cuối kỳ (hạn 2/5/15/2 ngày làm việc, §8.2)',
  },
  {
    id: '5.3',
    group: 'MDHL',
    name: 'Mức độ hài lòng trong xử lý PAKN',
    max: 6,
    formula: '(PAKN − không hài lòng > hài lòng − trễ hạn − khiếu nại lặp lại) ÷ PAKN tiếp nhận lần đầu trong kỳ',
  },
  {
    id: '5.4',
    group: 'MDHL',
    name: 'Mức độ hài lòng trong tiếp nhận, giải quyết TTHC',
    max: 6,
    formula: '100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ có PAKN hoặc không hài lòng); đủ điểm khi ≥ 90%',
    fullAt: 90,
  },
  {
    id: '4.1',
    group: 'MDSH',
    name: 'Hồ sơ có kết quả điện tử',
    max: 6,
    formula: 'Hồ sơ có tệp kết quả điện tử, của TTHC có kết quả giấy ÷ hồ sơ của các TTHC đó',
  },
  {
    id: '4.2',
    group: 'MDSH',
    name: 'Hồ sơ được số hóa',
    max: 4,
    formula: 'Hồ sơ có thành phần số hóa và kết quả điện tử (nếu phải có) ÷ tổng hồ sơ; đủ điểm khi ≥ 80%',
    fullAt: 80,
  },
  {
    id: '4.3',
    group: 'MDSH',
    name: 'Hồ sơ tái sử dụng dữ liệu số hóa',
    max: 2,
    formula: 'Hồ sơ có ≥ 1 thành phần được tái sử dụng ÷ hồ sơ tiếp nhận trong kỳ; đủ điểm khi ≥ 80%',
    fullAt: 80,
  },
  {
    id: '4.4',
    group: 'MDSH',
    name: 'Hồ sơ kết nối Kho dữ liệu của tổ chức, cá nhân',
    max: 4,
    formula: 'Hồ sơ có thành phần lấy từ Kho (DuocLayTuKhoDMQG = 1) hoặc kết quả đẩy vào Kho ÷ hồ sơ tiếp nhận',
    noData: NO_DATA.store,
  },
  {
    id: '4.5a',
    group: 'MDSH',
    name: 'TTHC kết nối CSDL quốc gia về dân cư',
    max: 2,
    formula:
      'TTHC có hồ sơ xác thực VNeID hoặc lấy dữ liệu dân cư ÷ TTHC có đối tượng là công dân (Mở Cửa: TTHC có hồ sơ lấy dữ liệu dân cư ÷ TTHC có hồ sơ tiếp nhận trong kỳ; chưa ghi nhận xác thực VNeID của hồ sơ)',
  },
  {
    id: '4.5b',
    group: 'MDSH',
    name: 'Hồ sơ sử dụng dữ liệu dân cư',
    max: 2,
    formula:
      'Hồ sơ xác thực VNeID hoặc lấy dữ liệu dân cư ÷ tổng hồ sơ (Mở Cửa: hồ sơ lấy dữ liệu dân cư ÷ hồ sơ tiếp nhận trong kỳ; chưa ghi nhận xác thực VNeID của hồ sơ)',
  },
  {
    id: '4.6',
    group: 'MDSH',
    name: 'Chứng thực bản sao điện tử từ bản chính',
    max: 2,
    formula: '(DVCQG chấm theo số hồ sơ chứng thực điện tử)',
    noData: NO_DATA.certifiedCopy,
  },
];
