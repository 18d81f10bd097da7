/**
 * Inputs of the standard forms (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3). Each slip is a
 * pure function of one of these objects: the service gathers the data, the template only lays
 * it out. Times are instants (`Date`); they are printed in Vietnam time (UTC+7).
 */

/** The agency that issues the paper, as printed in the header block (Decree 30/2020, Annex I). */
export interface IssuingAgency {
  /** Governing body, e.g. "UBND tỉnh Tuyên Quang" (printed in capitals). */
  parentName?: string;
  /** e.g. "Trung tâm Phục vụ hành chính công tỉnh" (printed in bold capitals). */
  name: string;
  /** Place name on the date line, e.g. "Tuyên Quang". */
  place: string;
}

export interface SlipApplicant {
  /** Person or organisation, e.g. "Nguyễn Thị Hường". */
  name: string;
  address?: string;
  phone?: string;
  email?: string;
}

/** A paper (thành phần hồ sơ) handed in or missing. */
export interface SlipPaper {
  name: string;
  /** e.g. "Bản chính", "Bản sao chứng thực". */
  form?: string;
  copies?: number;
}

/** What every slip about one dossier shows. */
export interface DossierParticulars {
  agency: IssuingAgency;
  /** `AgencyCode-YYMMDD-NNNN` (DOMAIN.md §1.4). */
  dossierCode: string;
  procedureName: string;
  applicant: SlipApplicant;
  /** Public tracking page (code + tracking key); printed as a QR code. */
  trackingUrl: string;
  /** When the paper is issued; the date line of the header. */
  issuedAt: Date;
  /** "Số: 05/TB-UBND" under the agency name (Decree 30/2020, Art. 15; slip-numbers.ts). */
  reference?: string;
}

/** Signature of a named person at the foot of the paper. */
export interface SlipSignatory {
  /** Capitalised role, e.g. "GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" (one line per "\n"). */
  title: string;
  name: string;
}

/** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptSlipInput extends DossierParticulars {
  papers: readonly SlipPaper[];
  /** Sets of papers (bộ); default 1. */
  sets?: number;
  /** Legal time limit as published, e.g. "05 ngày làm việc". */
  processingTime: string;
  receivedAt: Date;
  dueAt: Date;
  /** Where the result is handed over, e.g. "Trung tâm Phục vụ hành chính công tỉnh" or "Qua dịch vụ bưu chính công ích". */
  resultDelivery?: string;
  officerName: string;
}

/** One thing the applicant must add or correct (DOMAIN.md §1.5: all of them in one request). */
interface SupplementRequirement {
  /** The paper or content concerned. */
  paper: string;
  /** What to do and why, e.g. "Bổ sung bản sao có chứng thực; bản đã nộp không rõ nét". */
  detail?: string;
}

/** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestInput extends DossierParticulars {
  requirements: readonly SupplementRequirement[];
  reason?: string;
  /** By when, or within how long, the papers are to be handed in ("Thời hạn bổ sung"). */
  supplementPeriod?: string;
  receivedAt?: Date;
  officerName: string;
  /** Who to call for guidance, e.g. "Trần Thị Bình, số điện thoại 0207 3822 123". */
  contact?: string;
}

/** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface IntakeRefusalInput extends DossierParticulars {
  /** Each reason, with its legal basis where there is one. */
  reasons: readonly string[];
  officerName: string;
}

/** Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export interface ApologyInput extends DossierParticulars {
  receivedAt: Date;
  originalDueAt: Date;
  newDueAt: Date;
  /** Why the dossier is late. */
  reason: string;
  /** The agency that caused the delay and apologises (defaults to the issuing agency). */
  responsibleAgency?: string;
  /** The one-stop desk that received the dossier and hands this letter to the applicant. */
  receivingCentre: string;
  signatory: SlipSignatory;
  /** "Nơi nhận" lines (Decree 30/2020, Annex I §II.9); the last is "Lưu: VT". */
  recipients?: readonly string[];
}

/** Mẫu 05: Thông báo dừng giải quyết hồ sơ. */
export interface StopNoticeInput extends DossierParticulars {
  receivedAt: Date;
  stoppedAt: Date;
  /** e.g. "Theo đề nghị rút hồ sơ của ông/bà ngày 06/03/2025". */
  reason: string;
  legalBasis?: string;
  /** Papers handed back to the applicant. */
  returnedPapers?: readonly SlipPaper[];
  signatory: SlipSignatory;
}

/** Early / on time / late, as the dossier schema stores it. */
export type HandoverTiming = 'early' | 'onTime' | 'late';

/** One hand-over between units: "Giao: <unit> / Nhận: <unit>" (DOMAIN.md §1.3, Phiếu kiểm soát). */
export interface HandoverRow {
  fromUnit: string;
  toUnit: string;
  at: Date;
  handedOverBy?: string;
  receivedBy?: string;
  timing?: HandoverTiming;
  note?: string;
}

/** Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetInput extends DossierParticulars {
  receivedAt: Date;
  dueAt: Date;
  /** Competent agency (cơ quan chủ trì giải quyết). */
  competentAgency: string;
  /** Co-ordinating agencies (cơ quan phối hợp). */
  coordinatingAgencies?: readonly string[];
  handovers: readonly HandoverRow[];
}

/** One line of the register (Mẫu 07). */
export interface RegisterEntry {
  dossierCode: string;
  procedureName: string;
  sets?: number;
  applicantName: string;
  applicantAddress?: string;
  applicantPhone?: string;
  competentAgency: string;
  receivedAt: Date;
  dueAt: Date;
  forwardedAt?: Date;
  /** Result ready, or supplement requested. */
  resultAt?: Date;
  deliveredAt?: Date;
  timing?: HandoverTiming;
  note?: string;
}

/** Mẫu 07: Sổ theo dõi hồ sơ, exported to Excel. */
export interface DossierRegisterInput {
  agency: IssuingAgency;
  from: Date;
  to: Date;
  entries: readonly RegisterEntry[];
  generatedAt: Date;
}
