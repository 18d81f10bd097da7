/**
 * What the dossier service answers, as TypeBox schemas: one truth for the TypeScript types,
 * the HTTP response validation and the OpenAPI description (STYLE.md "Types from schemas").
 */
import { type Static, Type } from 'typebox';
import { dossierStates } from './states.ts';

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Timing = Type.Union([Type.Literal('early'), Type.Literal('onTime'), Type.Literal('late'), Type.Null()]);
export const DossierStateSchema = Type.Enum(dossierStates);

const ApplicantView = Type.Object({
  type: Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('agency'), Type.Literal('other')]),
  fullName: Type.String(),
  personalId: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
  birthDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD, from the national identity' })),
});

export const AttachmentView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('paper'), Type.Literal('result'), Type.Literal('slip')]),
  paperName: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  signed: Type.Boolean(),
  /** A result the officer chose when issuing it: only these reach the applicant. */
  issued: Type.Boolean(),
  uploadedAt: Type.String({ format: 'date-time' }),
});
export type AttachmentView = Static<typeof AttachmentView>;

export const DossierView = Type.Object({
  id: Type.String(),
  /** Empty while a draft: the code is given on submission (DOMAIN.md §1.4). */
  code: Type.String(),
  state: DossierStateSchema,
  stateLabel: Type.String(),
  nationalStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  channel: Type.String(),
  procedure: Type.Object({
    id: Type.String(),
    name: Type.String(),
    nationalCode: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer(),
  }),
  receivingAgencyId: Type.String(),
  competentAgencyId: Type.String(),
  holdingAgencyId: Type.String(),
  submittedAt: Instant,
  receivedAt: Instant,
  dueAt: Instant,
  finishedAt: Instant,
  deliveredAt: Instant,
  timing: Timing,
  clockPaused: Type.Boolean(),
  supplementRequests: Type.Integer(),
  extensions: Type.Integer(),
  steps: Type.Array(
    Type.Object({
      idx: Type.Integer(),
      name: Type.String(),
      role: Type.String(),
      agencyId: Type.String(),
      status: Type.String(),
      dueAt: Instant,
      completedAt: Instant,
      timing: Timing,
    }),
  ),
  timeline: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      type: Type.String(),
      at: Type.String({ format: 'date-time' }),
      actorRole: Type.Union([Type.String(), Type.Null()]),
      fromState: Type.Union([Type.String(), Type.Null()]),
      toState: Type.String(),
      /**
       * What the applicant is told with the action (issue 13, item 5): the papers asked for and
       * why, a reason, a new date. Only to the applicant and staff, never on the public look-up.
       */
      payload: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
  /** What this caller may do now (buttons and menus); the service checks again on the action. */
  allowedActions: Type.Array(Type.String()),
  attachments: Type.Array(AttachmentView),
  /** Only for the applicant and the staff of an agency that holds or held it (audited). */
  applicant: Type.Optional(ApplicantView),
  formData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  trackingKey: Type.Optional(Type.String()),
});
export type DossierView = Static<typeof DossierView>;

const Urgency = Type.Union([
  Type.Literal('overdue'),
  Type.Literal('due_today'),
  Type.Literal('due_soon'),
  Type.Literal('normal'),
  Type.Literal('finished'),
]);

export const DossierListItem = Type.Object({
  /** Empty for a draft; `id` names it then. */
  code: Type.String(),
  id: Type.String(),
  state: DossierStateSchema,
  stateLabel: Type.String(),
  procedureName: Type.String(),
  applicantName: Type.String(),
  submittedAt: Instant,
  dueAt: Instant,
  urgency: Urgency,
});
export type DossierListItem = Static<typeof DossierListItem>;

export const DossierList = Type.Object({
  items: Type.Array(DossierListItem),
  /** Staff: the agency's running dossiers, whatever the filters (a citizen: every match). */
  total: Type.Integer(),
  /** Counts of the inbox buckets over the same dossiers as `total`. */
  overdue: Type.Integer(),
  dueToday: Type.Integer(),
  dueSoon: Type.Integer(),
  /** Staff: pass as `cursor` for the next page; null on the last. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type DossierList = Static<typeof DossierList>;

export const TrackingView = Type.Object({
  code: Type.String(),
  state: DossierStateSchema,
  stateLabel: Type.String(),
  procedureName: Type.String(),
  submittedAt: Instant,
  receivedAt: Instant,
  dueAt: Instant,
  finishedAt: Instant,
  deliveredAt: Instant,
  stepsDone: Type.Array(Type.Object({ name: Type.String(), completedAt: Instant })),
  stepsTotal: Type.Integer(),
});
export type TrackingView = Static<typeof TrackingView>;

export const SignatureReport = Type.Object({
  signer: Type.String(),
  signerSubject: Type.String(),
  signingTime: Instant,
  integrityValid: Type.Boolean(),
  coversWholeDocument: Type.Boolean(),
  certificateSelfSigned: Type.Boolean(),
  /** valid / invalid / indeterminate, with the reasons in Vietnamese (platform/pdf verifyPdf). */
  verdict: Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('indeterminate')]),
  reasons: Type.Array(Type.String()),
  /** PAdES level reached: B-B, B-T, B-LT, B-LTA; none for a document time-stamp. */
  level: Type.String(),
  /** A TSA's time-stamp (ISO 8601), when the signature carries one. */
  timestampTime: Type.Union([Type.String(), Type.Null()]),
  chainTrusted: Type.Boolean(),
  revocation: Type.Union([Type.Literal('good'), Type.Literal('revoked'), Type.Literal('unknown')]),
  changesAfterSigning: Type.Union([
    Type.Literal('none'),
    Type.Literal('signatures-only'),
    Type.Literal('content-changed'),
  ]),
  /** SHA-256 of the signer certificate. */
  certificateFingerprint: Type.Union([Type.String(), Type.Null()]),
});
export type SignatureReport = Static<typeof SignatureReport>;
