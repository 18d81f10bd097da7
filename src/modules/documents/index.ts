/**
 * The documents module's public face (official documents, Decree 30/2020/NĐ-CP): functions and
 * types for the pages, the composition root and other modules (the edXML exchange), never tables.
 * The exchange's functions are tagged @public: their caller (modules/documents/edxml) lands in
 * its own branch.
 */
export type { DocumentsContext } from './context.ts';
export { startExchange } from './edxml/exchange-jobs.ts';
export {
  /** @public */ deliveriesOf,
  /** @public */ type ExchangeStatusCode,
  /** @public */ exchangeStatusCodes,
  /** @public */ type OutgoingPackage,
  /** @public */ outgoingPackage,
  /** @public */ receivedDocumentIdentity,
  /** @public */ recordDeliveryStatus,
} from './exchange-facts.ts';
export { filesOf as listDocumentFiles } from './files.ts';
export { documentPageRoutes } from './pages/routes.tsx';
export {
  /** @public */ type IncomingDocumentInput,
  /** @public */ type IncomingReceipt,
  registerIncomingDocument,
} from './register-incoming-document.ts';
export { documentRouteRules } from './route-rules.ts';
export type {
  /** @public */ DocumentRecipient,
  /** @public */ IncomingSource,
  /** @public */ Secrecy,
  /** @public */ SignerInfo,
  /** @public */ Urgency,
} from './schema.ts';
export { /** @public */ exchangeStatusOf, /** @public */ stateLabels } from './states.ts';
