/**
 * The standard forms of the one-stop desk (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3):
 * Mẫu 01–06 as PDF, Mẫu 07 as an Excel register. Each is a pure function of its input.
 */
export { APOLOGY_TITLE, renderApology } from './apology.ts';
export { CONTROL_SHEET_TITLE, renderControlSheet } from './control-sheet.ts';
export {
  asLocalWallClock,
  longDate,
  longDateTime,
  placeAndDate,
  shortDate,
  shortDateTime,
  timingLabel,
} from './format.ts';
export { INTAKE_REFUSAL_TITLE, renderIntakeRefusal } from './intake-refusal.ts';
export { RECEIPT_SLIP_TITLE, renderReceiptSlip } from './receipt.ts';
export { DOSSIER_REGISTER_TITLE, renderDossierRegister } from './register.ts';
export { renderStopNotice, STOP_NOTICE_TITLE } from './stop-notice.ts';
export { renderSupplementRequest, SUPPLEMENT_REQUEST_TITLE } from './supplement-request.ts';
export type {
  ApologyInput,
  ControlSheetInput,
  DossierParticulars,
  DossierRegisterInput,
  HandoverRow,
  HandoverTiming,
  IntakeRefusalInput,
  IssuingAgency,
  ReceiptSlipInput,
  RegisterEntry,
  SlipApplicant,
  SlipPaper,
  SlipSignatory,
  StopNoticeInput,
  SupplementRequestInput,
  SupplementRequirement,
} from './types.ts';
