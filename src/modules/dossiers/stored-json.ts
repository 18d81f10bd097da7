/**
 * The JSONB columns of a dossier, typed (`$type<>()` in schema.ts) and checked when read back
 * from the database (`…Of(row)`), so every reader sees one shape instead of casting its own:
 * the procedure as the applicant saw it when filing, the applicant, the e-form's answers, and
 * the state machine's snapshot (snapshot-json.ts revives its dates).
 *
 * A row that fails the check is not read as something else: it is an error naming the dossier
 * and the column (a bypass of the use cases wrote it; `replay.ts` checks `machine` against the
 * actions).
 */
import { type Static, type TSchema, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { staffRoles } from '../../platform/auth/caller.ts';
import { EformField, Fee, Nullable, Paper, ProcessStep, TimeLimit } from '../catalog/index.ts';
import { type DossierSnapshot, dossierStates } from './states.ts';

/** What the applicant saw when filing (submit.ts writes it from the catalog's procedure). */
export const ProcedureSnapshot = Type.Object({
  name: Type.String(),
  nationalCode: Nullable(Type.String()),
  localCode: Nullable(Type.String()),
  timeLimit: TimeLimit,
  timeLimitOnline: Nullable(TimeLimit),
  fees: Type.Array(Fee),
  papers: Type.Array(Paper),
  eform: Type.Array(EformField),
  process: Type.Array(ProcessStep),
  resultName: Type.String(),
});
export type ProcedureSnapshot = Static<typeof ProcedureSnapshot>;

/** The applicant's particulars as filing-rules.ts `validateApplicant` leaves them. */
export const StoredApplicant = Type.Object({
  type: Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('agency'), Type.Literal('other')]),
  fullName: Type.String(),
  personalId: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
  birthDate: Type.Optional(Type.String()),
});
export type StoredApplicant = Static<typeof StoredApplicant>;

/** The e-form's answers, by field key (filing-rules.ts `validateFormData`). */
export const FormData = Type.Record(Type.String(), Type.Unknown());
export type FormData = Static<typeof FormData>;

/** A value as JSON gives it back: dates as ISO strings. */
type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Jsonified<T[K]> }
      : T;

/** The `machine` column: the state machine's snapshot with dates as ISO strings. */
export type StoredMachine = Jsonified<DossierSnapshot>;

const Instant = Type.String({ format: 'date-time' });
const OrNull = <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]);

/** The `machine` column's shape, checked on every read (issue 12.7): see `machineOf`. */
const StoredMachineSchema = Type.Object({
  state: Type.Enum(dossierStates),
  resumeState: OrNull(Type.Enum(['submitted', 'received', 'in_progress'] as const)),
  steps: Type.Array(
    Type.Object({
      name: Type.String(),
      role: Type.Enum(staffRoles),
      budgetHours: Type.Number({ minimum: 0 }),
      status: Type.Enum(['pending', 'active', 'done'] as const),
      assigneeId: OrNull(Type.String()),
      startedAt: OrNull(Instant),
      dueAt: OrNull(Instant),
      completedAt: OrNull(Instant),
    }),
  ),
  currentStep: Type.Integer({ minimum: 0 }),
  submittedAt: OrNull(Instant),
  receivedAt: OrNull(Instant),
  dueAt: OrNull(Instant),
  clockPausedAt: OrNull(Instant),
  supplementRequests: Type.Integer({ minimum: 0 }),
  supplementIntervals: Type.Array(Type.Object({ from: Instant, to: OrNull(Instant) })),
  extensions: Type.Integer({ minimum: 0 }),
  paymentDue: Type.Boolean(),
  paymentRequested: Type.Number(),
  paymentPaid: Type.Number(),
  approved: Type.Boolean(),
  denied: Type.Boolean(),
  resultAttached: Type.Boolean(),
  resultElectronic: Type.Boolean(),
  heldByOtherAgency: OrNull(Type.String()),
  finishedAt: OrNull(Instant),
  deliveredAt: OrNull(Instant),
  deliveryChannel: OrNull(Type.Enum(['counter', 'post', 'electronic'] as const)),
  lastActionAt: OrNull(Instant),
});
// The schema and the snapshot's type say the same thing: a field added to one must be added to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const machineSchemaMatchesSnapshot: Same<Static<typeof StoredMachineSchema>, StoredMachine> = true;
void machineSchemaMatchesSnapshot;

const checker = <S extends TSchema>(schema: S, column: string) => {
  const validator = Compile(schema);
  return (row: { id: string; code: string | null }, value: unknown): Static<S> => {
    if (!validator.Check(value)) {
      throw new Error(`dossier ${row.code ?? row.id}: the stored ${column} does not have its schema's shape`);
    }
    return value as Static<S>;
  };
};

const checkSnapshot = checker(ProcedureSnapshot, 'procedure_snapshot');
const checkApplicant = checker(StoredApplicant, 'applicant');
const checkFormData = checker(FormData, 'form_data');
const checkMachine = checker(StoredMachineSchema, 'machine');

interface Named {
  id: string;
  code: string | null;
}

export const procedureSnapshotOf = (row: Named & { procedureSnapshot: unknown }): ProcedureSnapshot =>
  checkSnapshot(row, row.procedureSnapshot);
export const applicantOf = (row: Named & { applicant: unknown }): StoredApplicant => checkApplicant(row, row.applicant);
export const formDataOf = (row: Named & { formData: unknown }): FormData => checkFormData(row, row.formData);
/** The state machine's snapshot as stored, checked (dates still ISO strings: snapshot-json.ts revives them). */
export const machineOf = (row: Named & { machine: unknown }): StoredMachine => checkMachine(row, row.machine);
