/**
 * "Lấy từ CSDL dân cư": at the counter, with the citizen's consent, the receiver looks the
 * applicant up in the national population database and the answer prefills the form
 * (Decree 45/2020: data the state already holds is not asked again, DOMAIN.md §2.1).
 * Without a recorded consent nothing is asked (Decree 13/2023 on personal data: consent
 * before processing). The consent, the call (message log) and the staff read (audit) are kept.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Gateway } from './gateway.ts';
import { populationRequest, readPopulationAnswer } from './population-format.ts';
import { exchangeConsents, exchangePrefills, type PopulationPrefill } from './schema.ts';

/** How long looked-up data waits for the form to be filed before it is forgotten. */
const PREFILL_MINUTES = 30;

export interface PopulationLookupInput {
  personalId: string;
  /** The citizen said yes to the officer (at the counter) — the officer ticks it; nothing is asked otherwise. */
  consent: boolean;
  procedureCode?: string | undefined;
}

export interface PopulationLookupContext {
  provinceCode: string;
  gateway: Gateway;
  now?: Date;
}

/** The connector that serves the population register, or EXCHANGE_SERVICE_UNKNOWN. */
function populationServiceOf(gateway: Gateway): string {
  const connector = gateway.services().find((c) => c.register === 'population');
  if (!connector) throw new DomainError('EXCHANGE_SERVICE_UNKNOWN', { register: 'population' });
  return connector.id;
}

export async function lookupPopulation(
  db: Executor,
  caller: Caller,
  input: PopulationLookupInput,
  ctx: PopulationLookupContext,
): Promise<{ prefillId: string; data: PopulationPrefill }> {
  const staff = requireStaff(caller, 'receiver');
  if (staff.provinceCode !== ctx.provinceCode) throw new DomainError('FORBIDDEN');
  if (!/^\d{12}$/.test(input.personalId)) throw new DomainError('EXCHANGE_PERSONAL_ID_INVALID');
  if (!input.consent) throw new DomainError('EXCHANGE_CONSENT_REQUIRED');
  const serviceId = populationServiceOf(ctx.gateway);
  const now = ctx.now ?? new Date();
  const consentId = randomUUID();
  const purpose = input.procedureCode ? `Tiếp nhận hồ sơ thủ tục ${input.procedureCode}` : 'Tiếp nhận hồ sơ';
  await db.insert(exchangeConsents).values({
    id: consentId,
    provinceCode: ctx.provinceCode,
    personalId: input.personalId,
    method: 'counter_statement',
    purpose,
    procedureCode: input.procedureCode ?? null,
    recordedBy: staff.id,
    at: now,
  });
  // The consent is committed before anything is asked. The call, the audit of the read and the
  // prefill then commit together with the call's log record (Gateway.transaction).
  const found = await ctx.gateway.transaction(db, async (tx) => {
    const answer = await ctx.gateway.call(
      tx,
      { actorId: staff.id, roles: staff.roles, module: 'dossiers' },
      serviceId,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"TraCuuThongTinCongDan"' },
        body: populationRequest({ personalId: input.personalId, requestId: consentId, unitCode: staff.agencyId }),
        idempotent: true,
      },
      { purpose },
    );
    if (answer.status !== 200) throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID', { status: answer.status });
    const data = readPopulationAnswer(answer.body.toString('utf8'));
    // Every staff read of personal data is audited (docs/security.md); the id itself stays out of the entry.
    await recordAudit(tx, {
      provinceCode: ctx.provinceCode,
      stream: `exchange-consent:${consentId}`,
      action: data ? 'exchange.population_read' : 'exchange.population_not_found',
      actorId: staff.id,
      actorRole: 'receiver',
      data: { service: serviceId, message: answer.messageId, procedure: input.procedureCode ?? null },
      at: now,
    });
    if (!data) return undefined;
    const prefillId = randomUUID();
    await tx.insert(exchangePrefills).values({
      id: prefillId,
      provinceCode: ctx.provinceCode,
      consentId,
      messageId: answer.messageId,
      staffId: staff.id,
      data,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PREFILL_MINUTES * 60_000),
      procedureCode: input.procedureCode ?? null,
    });
    return { prefillId, data };
  });
  if (!found) throw new DomainError('EXCHANGE_PERSON_NOT_FOUND');
  return found;
}
