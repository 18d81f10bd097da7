/**
 * The standard forms of the one-stop desk (TT 03/2025/TT-VPCP, Annex I; DOMAIN.md §1.3):
 * Mẫu 01–06 as PDF, Mẫu 07 as an Excel register. Each is a pure function of its input.
 */
export { renderApology } from './apology.ts';
export { renderControlSheet } from './control-sheet.ts';

export { renderIntakeRefusal } from './intake-refusal.ts';
export { renderReceiptSlip } from './receipt.ts';
export { renderDossierRegister } from './register.ts';
export { renderStopNotice } from './stop-notice.ts';
export { renderSupplementRequest } from './supplement-request.ts';
