/**
 * The documents module's public face (official documents, Decree 30/2020/NĐ-CP): functions and
 * types for the pages, the composition root and other modules (the edXML exchange), never tables.
 */
export type { DocumentsContext } from './context.ts';
export { getDocumentView } from './document-view.ts';
export { commentOnDraft, createDraft, type DraftInput, reviseDraft } from './draft-document.ts';
export { startExchange } from './edxml/exchange-jobs.ts';
export {
  deliveriesOf,
  type ExchangeStatusCode,
  exchangeStatusCodes,
  type OutgoingPackage,
  outgoingPackage,
  receivedDocumentIdentity,
  recordDeliveryStatus,
} from './exchange-facts.ts';
export { filesOf as listDocumentFiles } from './files.ts';
export { checkFormat, documentTypes, typeNameOf } from './format-check.ts';
export {
  type AssignmentInput,
  answerDocument,
  assignDocument,
  closeDocument,
  completeAssignment,
  presentDocument,
  startHandling,
} from './handle-incoming.ts';
export { inboxesFor, listInbox, searchDocuments } from './inboxes.ts';
export { type IssueResult, issueDocument } from './issue-document.ts';
export { formatNumber } from './numbering.ts';
export { documentPageRoutes } from './pages/routes.tsx';
export {
  type IncomingDocumentInput,
  type IncomingReceipt,
  registerDocument,
  registerIncomingDocument,
} from './register-incoming-document.ts';
export { followUpBook, registerEntries, registerWorkbook } from './registers.ts';
export { approveDraft, checkDocumentFormat, sendBackDraft, signDocument, submitDraft } from './review-document.ts';
export { documentRouteRules } from './route-rules.ts';
export type {
  AssignmentKind,
  DocumentDirection,
  DocumentRecipient,
  IncomingSource,
  Secrecy,
  SignerInfo,
  Urgency,
} from './schema.ts';
export { type DocumentState, exchangeStatusOf, stateLabels } from './states.ts';
export type { ActionResult } from './take-action.ts';
export {
  addToWorkFile,
  closeWorkFile,
  documentsOfFile,
  getWorkFile,
  listWorkFiles,
  openWorkFile,
  type WorkFileInput,
} from './work-files.ts';
