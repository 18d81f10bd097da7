/** Counters (quầy) of a service centre: numbered, named, with the fields they receive. */
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/records/index.ts';
import { auditActor, cleanText, forbid, isUuid, requireAgencyFacts, writeScope } from './access.ts';
import './errors.ts';
import { type AgencyFacts, canChangeCounter } from './policies.ts';
import { type CounterRow, counters } from './schema.ts';

export interface CounterView {
  id: string;
  provinceCode: string;
  agencyId: string;
  number: number;
  name: string;
  fields: string[];
  active: boolean;
}

const view = (row: CounterRow): CounterView => ({ ...row });

export interface ListCountersInput {
  provinceCode: string;
  agencyId?: string;
  includeInactive?: boolean;
}

export async function listCounters(db: Executor, caller: Caller, input: ListCountersInput): Promise<CounterView[]> {
  const conditions = [eq(counters.provinceCode, input.provinceCode)];
  if (input.agencyId !== undefined) {
    if (!isUuid(input.agencyId)) return [];
    conditions.push(eq(counters.agencyId, input.agencyId));
  }
  const showInactive = input.includeInactive === true && (caller.kind === 'staff' || caller.kind === 'system');
  if (!showInactive) conditions.push(eq(counters.active, true));
  const found = await db
    .select()
    .from(counters)
    .where(and(...conditions))
    .orderBy(asc(counters.agencyId), asc(counters.number));
  return found.map(view);
}

export interface CreateCounterInput {
  agencyId: string;
  number: number;
  name: string;
  fields?: readonly string[];
}

export interface UpdateCounterInput {
  number?: number;
  name?: string;
  fields?: readonly string[];
  active?: boolean;
}

function checkCentre(centre: AgencyFacts) {
  if (centre.kind !== 'service_centre' || !centre.active) {
    throw new DomainError('COUNTER_AGENCY_NOT_CENTRE', { agencyId: centre.id });
  }
}

function cleanFields(fields: readonly string[]): string[] {
  return [...new Set(fields.map((f, i) => cleanText(f, `fields.${i}`)))];
}

export async function createCounter(db: Executor, caller: Caller, input: CreateCounterInput): Promise<CounterView> {
  return db.transaction(async (tx) => {
    const scope = await writeScope(tx, caller);
    const centre = await requireAgencyFacts(tx, input.agencyId);
    if (!canChangeCounter(scope, centre)) forbid('counter_outside_scope');
    checkCentre(centre);
    const [row] = await tx
      .insert(counters)
      .values({
        provinceCode: centre.provinceCode,
        agencyId: centre.id,
        number: input.number,
        name: cleanText(input.name, 'name'),
        fields: cleanFields(input.fields ?? []),
      })
      .onConflictDoNothing({ target: [counters.agencyId, counters.number] })
      .returning();
    if (!row) throw new DomainError('COUNTER_NUMBER_TAKEN', { number: input.number });
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `counter:${row.id}`,
      action: 'counter.created',
      ...auditActor(caller),
      data: { agencyId: row.agencyId, number: row.number, name: row.name, fields: row.fields },
    });
    return view(row);
  });
}

export async function updateCounter(
  db: Executor,
  caller: Caller,
  id: string,
  patch: UpdateCounterInput,
): Promise<CounterView> {
  return db.transaction(async (tx) => {
    const scope = await writeScope(tx, caller);
    if (!isUuid(id)) throw new DomainError('COUNTER_NOT_FOUND', { id });
    const [current] = await tx.select().from(counters).where(eq(counters.id, id));
    if (!current) throw new DomainError('COUNTER_NOT_FOUND', { id });
    const centre = await requireAgencyFacts(tx, current.agencyId);
    if (!canChangeCounter(scope, centre)) forbid('counter_outside_scope');
    const values = {
      number: patch.number ?? current.number,
      name: patch.name === undefined ? current.name : cleanText(patch.name, 'name'),
      fields: patch.fields === undefined ? current.fields : cleanFields(patch.fields),
      active: patch.active ?? current.active,
    };
    if (values.number !== current.number) {
      const [taken] = await tx
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.agencyId, current.agencyId), eq(counters.number, values.number)));
      if (taken) throw new DomainError('COUNTER_NUMBER_TAKEN', { number: values.number });
    }
    let row: CounterRow | undefined;
    try {
      [row] = await tx.update(counters).set(values).where(eq(counters.id, id)).returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('COUNTER_NUMBER_TAKEN', { number: values.number });
      throw err;
    }
    if (!row) throw new DomainError('COUNTER_NOT_FOUND', { id });
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `counter:${id}`,
      action: 'counter.updated',
      ...auditActor(caller),
      data: { agencyId: row.agencyId, number: row.number, name: row.name, fields: row.fields, active: row.active },
    });
    return view(row);
  });
}
