/** Small factories for slip inputs, shared by the tests (STYLE.md: fixtures are built, not copied). */
import type { ApologyInput, ControlSheetInput, DossierParticulars, ReceiptSlipInput, RegisterEntry } from './types.ts';

/** 09:15 on Wednesday 05/03/2025, Vietnam time. */
export const RECEIVED_AT = new Date('2025-03-05T02:15:00Z');
/** 16:30 on Wednesday 12/03/2025, Vietnam time. */
const DUE_AT = new Date('2025-03-12T09:30:00Z');

export function particulars(overrides: Partial<DossierParticulars> = {}): DossierParticulars {
  return {
    agency: {
      parentName: 'UBND tỉnh Tuyên Quang',
      name: 'Trung tâm Phục vụ hành chính công tỉnh',
      place: 'Tuyên Quang',
    },
    dossierCode: '000.00.12.H62-250305-0001',
    procedureName: 'Đăng ký khai sinh',
    applicant: {
      name: 'Nguyễn Thị Hường',
      address: 'Thôn Đồng Mán, xã Yên Sơn, tỉnh Tuyên Quang',
      phone: '0912 345 678',
      email: 'huong@example.vn',
    },
    trackingUrl: 'https://dichvucong.tuyenquang.example/tra-cuu/000.00.12.H62-250305-0001?k=7QX2',
    issuedAt: RECEIVED_AT,
    reference: 'Số: 07/TNHS-TTPVHCC',
    ...overrides,
  };
}

export function receiptInput(overrides: Partial<ReceiptSlipInput> = {}): ReceiptSlipInput {
  return {
    ...particulars(),
    papers: [
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', form: 'Bản chính' },
      { name: 'Giấy chứng sinh do cơ sở y tế cấp', form: 'Bản chính' },
      { name: 'Giấy chứng nhận kết hôn của cha, mẹ', form: 'Bản sao chứng thực', copies: 1 },
    ],
    processingTime: '05 ngày làm việc',
    receivedAt: RECEIVED_AT,
    dueAt: DUE_AT,
    resultDelivery: 'Trung tâm Phục vụ hành chính công tỉnh',
    officerName: 'Trần Thị Bình',
    ...overrides,
  };
}

export function apologyInput(overrides: Partial<ApologyInput> = {}): ApologyInput {
  return {
    ...particulars({
      agency: { parentName: 'UBND tỉnh Tuyên Quang', name: 'Sở Tư pháp tỉnh Tuyên Quang', place: 'Tuyên Quang' },
      issuedAt: new Date('2025-03-11T03:00:00Z'),
      reference: 'Số: 15/STP',
      procedureName: 'Thủ tục đăng ký khai sinh',
    }),
    receivedAt: RECEIVED_AT,
    originalDueAt: DUE_AT,
    newDueAt: new Date('2025-03-19T09:30:00Z'),
    reason: 'Cần xác minh thông tin nơi cư trú của người mẹ tại xã Hòa An.',
    receivingCentre: 'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang',
    signatory: { title: 'GIÁM ĐỐC', name: 'Lê Văn Đức' },
    ...overrides,
  };
}

export function controlSheetInput(overrides: Partial<ControlSheetInput> = {}): ControlSheetInput {
  return {
    ...particulars(),
    receivedAt: RECEIVED_AT,
    dueAt: DUE_AT,
    competentAgency: 'Sở Tư pháp tỉnh Tuyên Quang',
    coordinatingAgencies: ['Công an tỉnh Tuyên Quang'],
    handovers: [
      {
        fromUnit: 'Trung tâm Phục vụ hành chính công tỉnh',
        toUnit: 'Phòng Hành chính tư pháp',
        at: new Date('2025-03-05T03:00:00Z'),
        handedOverBy: 'Trần Thị Bình',
        receivedBy: 'Phạm Quốc Hưng',
        timing: 'early',
      },
      {
        fromUnit: 'Phòng Hành chính tư pháp',
        toUnit: 'Lãnh đạo Sở',
        at: new Date('2025-03-10T08:00:00Z'),
        handedOverBy: 'Phạm Quốc Hưng',
        receivedBy: 'Lê Văn Đức',
        timing: 'onTime',
      },
      {
        fromUnit: 'Lãnh đạo Sở',
        toUnit: 'Trung tâm Phục vụ hành chính công tỉnh',
        at: new Date('2025-03-13T02:00:00Z'),
        timing: 'late',
        note: 'Chờ xác minh',
      },
    ],
    ...overrides,
  };
}

export function registerEntry(overrides: Partial<RegisterEntry> = {}): RegisterEntry {
  return {
    dossierCode: '000.00.12.H62-250305-0001',
    procedureName: 'Đăng ký khai sinh',
    applicantName: 'Nguyễn Thị Hường',
    applicantAddress: 'Thôn Đồng Mán, xã Yên Sơn',
    applicantPhone: '0912 345 678',
    competentAgency: 'Sở Tư pháp tỉnh Tuyên Quang',
    receivedAt: RECEIVED_AT,
    dueAt: DUE_AT,
    deliveredAt: new Date('2025-03-11T08:00:00Z'),
    timing: 'early',
    ...overrides,
  };
}
