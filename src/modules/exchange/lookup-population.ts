/**
 * "Lấy từ CSDL dân cư": the applicant is looked up in the national population database and the
 * answer prefills the filing (Decree 45/2020: data the state already holds is not asked again,
 * DOMAIN.md §2.1). Without a recorded consent nothing is asked (personal data: consent before
 * processing, docs/exchange.md). Two ways in:
 * - at the counter, the receiver asks the citizen and ticks the statement (`counter_statement`);
 * - online, a citizen signed in through VNeID ticks the consent for their **own** record only
 *   (`online_checkbox`): the personal id is the one the national sign-in vouched for in this
 *   session; anyone else's record needs that person's consent at the counter.
 * The consent, the call (message log) and the read (audit) are kept.
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
/** Online, the filing takes several pages: the data waits longer, for the citizen only. */
const ONLINE_PREFILL_MINUTES = 120;
const PERSONAL_ID = /^\d{12}$/;

export interface PopulationLookupInput {
  personalId: string;
  /** The citizen said yes (to the officer at the counter, or by ticking online); nothing is asked otherwise. */
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

interface Asker {
  id: string;
  roles: readonly string[];
  /** The role the audit names. */
  role: 'receiver' | 'citizen';
  /** MaDonVi of the request: the receiving unit, or the portal. */
  unitCode: string;
  method: 'counter_statement' | 'online_checkbox';
  minutes: number;
}

async function ask(
  db: Executor,
  who: Asker,
  input: PopulationLookupInput,
  ctx: PopulationLookupContext,
): Promise<{ prefillId: string; data: PopulationPrefill }> {
  const serviceId = populationServiceOf(ctx.gateway);
  const now = ctx.now ?? new Date();
  const consentId = randomUUID();
  const where = who.method === 'online_checkbox' ? 'Nộp hồ sơ trực tuyến' : 'Tiếp nhận hồ sơ';
  const purpose = input.procedureCode ? `${where} thủ tục ${input.procedureCode}` : where;
  await db.insert(exchangeConsents).values({
    id: consentId,
    provinceCode: ctx.provinceCode,
    personalId: input.personalId,
    method: who.method,
    purpose,
    procedureCode: input.procedureCode ?? null,
    recordedBy: who.id,
    at: now,
  });
  // The consent is committed before anything is asked. The call, the audit of the read and the
  // prefill then commit together with the call's log record (Gateway.transaction).
  const found = await ctx.gateway.transaction(db, async (tx) => {
    const answer = await ctx.gateway.call(
      tx,
      { actorId: who.id, roles: who.roles, module: 'dossiers' },
      serviceId,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"TraCuuThongTinCongDan"' },
        body: populationRequest({ personalId: input.personalId, requestId: consentId, unitCode: who.unitCode }),
        idempotent: true,
      },
      { purpose },
    );
    if (answer.status !== 200) throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID', { status: answer.status });
    const data = readPopulationAnswer(answer.body.toString('utf8'));
    // Every read of personal data is audited (docs/security.md); the id itself stays out of the entry.
    await recordAudit(tx, {
      provinceCode: ctx.provinceCode,
      stream: `exchange-consent:${consentId}`,
      action: data ? 'exchange.population_read' : 'exchange.population_not_found',
      actorId: who.id,
      actorRole: who.role,
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
      staffId: who.id,
      data,
      createdAt: now,
      expiresAt: new Date(now.getTime() + who.minutes * 60_000),
      procedureCode: input.procedureCode ?? null,
    });
    return { prefillId, data };
  });
  if (!found) throw new DomainError('EXCHANGE_PERSON_NOT_FOUND');
  return found;
}

/** At the counter: a receiver, with the consent the citizen gave in person. */
export async function lookupPopulation(
  db: Executor,
  caller: Caller,
  input: PopulationLookupInput,
  ctx: PopulationLookupContext,
): Promise<{ prefillId: string; data: PopulationPrefill }> {
  const staff = requireStaff(caller, 'receiver');
  if (staff.provinceCode !== ctx.provinceCode) throw new DomainError('FORBIDDEN');
  if (!PERSONAL_ID.test(input.personalId)) throw new DomainError('EXCHANGE_PERSONAL_ID_INVALID');
  if (!input.consent) throw new DomainError('EXCHANGE_CONSENT_REQUIRED');
  const who: Asker = {
    id: staff.id,
    roles: staff.roles,
    role: 'receiver',
    unitCode: staff.agencyId,
    method: 'counter_statement',
    minutes: PREFILL_MINUTES,
  };
  return ask(db, who, input, ctx);
}

/**
 * Online: the citizen's own record only. `verifiedPersonalId` is what the national sign-in
 * (VNeID) vouched for in this session (sessions.identity); without it — a password session, or
 * an identity provider that did not vouch for a personal id — nothing is looked up, since the
 * portal cannot know whose consent it holds.
 */
export async function lookupOwnPopulation(
  db: Executor,
  caller: Caller,
  verifiedPersonalId: string | undefined,
  input: PopulationLookupInput,
  ctx: PopulationLookupContext,
): Promise<{ prefillId: string; data: PopulationPrefill }> {
  if (caller.kind !== 'citizen') throw new DomainError('FORBIDDEN');
  if (!verifiedPersonalId || !PERSONAL_ID.test(verifiedPersonalId)) throw new DomainError('EXCHANGE_VNEID_REQUIRED');
  if (input.personalId !== verifiedPersonalId) throw new DomainError('EXCHANGE_OWN_RECORD_ONLY');
  if (!input.consent) throw new DomainError('EXCHANGE_CONSENT_REQUIRED');
  const who: Asker = {
    id: caller.id,
    roles: ['citizen'],
    role: 'citizen',
    unitCode: `portal-${ctx.provinceCode}`,
    method: 'online_checkbox',
    minutes: ONLINE_PREFILL_MINUTES,
  };
  return ask(db, who, input, ctx);
}
