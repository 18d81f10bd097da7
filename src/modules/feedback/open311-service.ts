/**
 * Open311 GeoReport v2 over the feedback module: POST requests files an item (channel
 * `open311`), GET requests and the updates feed read the public side. Public reads never
 * show a report about an official's conduct (§8.1: leaders and inspectors only), and show
 * an item's text only once an officer published it, as published (masked) on the portal.
 */
import { and, asc, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import { systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { formatVietnamDateTime } from '../../platform/notify/index.ts';
import { agencyNames as namesOfAgencies } from '../directory/index.ts';
import { fallbackCategory, findCategory } from './categories.ts';
import type { FeedbackContext } from './core.ts';
import './errors.ts';
import { submitFeedback } from './intake.ts';
import { type Open311Request, type Open311Update, w3cDateTime } from './open311-format.ts';
import { verifyOpen311Key } from './open311-keys.ts';
import { type FeedbackRow, feedbackActions, feedbackItems } from './schema.ts';
import {
  citizenLabel,
  feedbackStates,
  isFeedbackState,
  open311ExtendedStatus,
  open311Status,
  senderState,
  stateLabel,
} from './states.ts';

export type Open311Params = Record<string, string | undefined>;

const text = (v: string | undefined) => (v ?? '').normalize('NFC').trim();

function coordinate(value: string, min: number, max: number): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || n < min || n > max) throw new DomainError('OPEN311_COORDINATES_INVALID');
  return n;
}

/** POST requests.{format}: the GeoReport fields plus our §8.1 sender requirements. */
export async function postServiceRequest(
  db: Executor,
  params: Open311Params,
  options: { transactionId: string },
  ctx: FeedbackContext,
): Promise<Array<{ service_request_id: string; service_notice: string; account_id: string | null }>> {
  const client = await verifyOpen311Key(db, ctx.provinceCode, params.api_key);
  const serviceCode = text(params.service_code);
  if (!serviceCode) throw new DomainError('OPEN311_SERVICE_CODE_REQUIRED');
  const category = findCategory(serviceCode);
  if (!category) throw new DomainError('OPEN311_SERVICE_NOT_FOUND', { service_code: serviceCode });
  const lat = text(params.lat);
  const long = text(params.long);
  const addressString = text(params.address_string);
  const addressId = text(params.address_id);
  const hasPoint = lat !== '' && long !== '';
  if (!hasPoint && !addressString && !addressId) throw new DomainError('OPEN311_LOCATION_REQUIRED');
  const description = text(params.description);
  if (!description) throw new DomainError('OPEN311_DESCRIPTION_REQUIRED');
  const attribute = (code: string) => text(params[`attribute[${code}]`]);
  const kind = attribute('kind') === 'proposal' ? 'proposal' : 'report';
  const classification = attribute('classification');
  // Vietnamese names put the family name (last_name) first: "Nguyễn" + "Văn An".
  const fullName = [text(params.last_name), text(params.first_name)].filter(Boolean).join(' ');
  const communeCode = attribute('commune_code') || (/^\d{5}$/.test(addressId) ? addressId : '');
  const mediaUrl = text(params.media_url);
  const receipt = await submitFeedback(
    db,
    systemCaller(`open311:${client.id}`),
    {
      channel: 'open311',
      kind,
      classification: classification === 'conduct' || classification === 'rules' ? classification : undefined,
      categoryCode: category.code,
      subject: attribute('subject') || undefined,
      content: description,
      dossierCode: attribute('dossier_code') || undefined,
      place: {
        communeCode: communeCode || undefined,
        address: addressString || undefined,
        lat: hasPoint ? coordinate(lat, -90, 90) : undefined,
        lng: hasPoint ? coordinate(long, -180, 180) : undefined,
      },
      attachments: /^https?:\/\/\S+$/.test(mediaUrl) ? [{ kind: 'url', url: mediaUrl }] : [],
      sender: {
        fullName,
        phone: text(params.phone) || undefined,
        email: text(params.email) || undefined,
        address: attribute('sender_address') || addressString || undefined,
      },
      extra: {
        open311Client: client.name,
        ...(params.device_id ? { deviceId: text(params.device_id) } : {}),
        ...(params.account_id ? { accountId: text(params.account_id) } : {}),
      },
    },
    { transactionId: `open311:${client.id}:${options.transactionId}` },
    ctx,
  );
  return [
    {
      service_request_id: receipt.code,
      service_notice: `Đã chuyển ${receipt.agency.name}; thời hạn trả lời: ${formatVietnamDateTime(new Date(receipt.answerDueAt))}.`,
      account_id: text(params.account_id) || null,
    },
  ];
}

async function agencyNames(db: Executor, rows: readonly FeedbackRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.agencyId))];
  return namesOfAgencies(db, ids);
}

/**
 * One request as the public reads it. Only what an officer published is text (issue 11,
 * Medium 8): the masked copy built at publication (publication.ts, masked as the portal masks
 * it) gives the description and the answer. Before that, an item is its service, status and
 * commune: no description, no address, no coordinates, no media — a report arrives with ID
 * numbers, third parties' names and addresses in clear, and nobody has reviewed it yet. The
 * exact place and the media are never published (the publication does not review them); the
 * commune (`address_id`) locates the item. Every GeoReport v2 field is present, null when
 * withheld.
 */
function requestOf(row: FeedbackRow, agencyName: string | null, extensions: boolean): Open311Request {
  // A draft waiting for the leader is the agency's own step: the public sees "in progress".
  const state = senderState(isFeedbackState(row.state) ? row.state : 'received');
  const category = findCategory(row.categoryCode) ?? fallbackCategory();
  const status = open311Status(state);
  const published = row.published;
  return {
    service_request_id: row.code,
    status,
    status_notes: published ? published.answer : citizenLabel(state),
    service_name: category.name,
    service_code: category.code,
    description: published ? published.content : null,
    agency_responsible: agencyName,
    service_notice: status === 'open' ? `Thời hạn trả lời: ${formatVietnamDateTime(row.answerDueAt)}.` : null,
    requested_datetime: w3cDateTime(row.submittedAt),
    updated_datetime: w3cDateTime(row.updatedAt),
    expected_datetime: status === 'open' ? w3cDateTime(row.answerDueAt) : null,
    address: null,
    address_id: row.communeCode,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
    ...(extensions
      ? {
          extended_attributes: {
            detailed_status: open311ExtendedStatus(state),
            state,
            state_label: stateLabel(state),
            kind: row.kind,
            classification: row.classification,
          },
        }
      : {}),
  };
}

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAY_MS = 86_400_000;

/** start_date / end_date: W3C with a timezone; at most 90 days apart; the last 90 days by default. */
function dateRange(params: Open311Params, now: Date): { from: Date; to: Date } {
  const parse = (v: string | undefined) => {
    if (!v) return undefined;
    if (!W3C.test(v)) throw new DomainError('OPEN311_DATE_INVALID', { value: v });
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new DomainError('OPEN311_DATE_INVALID', { value: v });
    return d;
  };
  const start = parse(params.start_date);
  const end = parse(params.end_date);
  const to = end ?? (start ? new Date(Math.min(now.getTime(), start.getTime() + 90 * DAY_MS)) : now);
  const from = start ?? new Date(to.getTime() - 90 * DAY_MS);
  if (to.getTime() - from.getTime() > 90 * DAY_MS) throw new DomainError('OPEN311_DATE_RANGE_TOO_LONG');
  return { from, to };
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** GET requests.{format} with service_request_id, service_code, start_date, end_date, status. */
export async function queryServiceRequests(
  db: Executor,
  provinceCode: string,
  params: Open311Params,
  now: Date,
): Promise<Open311Request[]> {
  const where: SQL[] = [eq(feedbackItems.provinceCode, provinceCode), eq(feedbackItems.classification, 'rules')];
  const ids = list(params.service_request_id);
  if (ids.length > 0) {
    // "This overrides all other arguments."
    where.push(inArray(feedbackItems.code, ids.slice(0, 1000)));
  } else {
    const codes = list(params.service_code);
    if (codes.length > 0) where.push(inArray(feedbackItems.categoryCode, codes));
    const { from, to } = dateRange(params, now);
    where.push(gte(feedbackItems.submittedAt, from), lte(feedbackItems.submittedAt, to));
    const statuses = list(params.status);
    if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new DomainError('OPEN311_STATUS_INVALID');
    const wanted = statuses.length === 1 ? statuses[0] : null;
    if (wanted)
      where.push(
        inArray(
          feedbackItems.state,
          feedbackStates.filter((s) => open311Status(s) === wanted),
        ),
      );
  }
  const rows = await db
    .select()
    .from(feedbackItems)
    .where(and(...where))
    .orderBy(desc(feedbackItems.submittedAt))
    .limit(1000);
  const names = await agencyNames(db, rows);
  return rows.map((r) => requestOf(r, names.get(r.agencyId) ?? null, params.extensions === 'true'));
}

/** GET requests/{id}.{format}: one request, in a list as the spec shows. */
export async function getServiceRequest(
  db: Executor,
  provinceCode: string,
  id: string,
  params: Open311Params,
): Promise<Open311Request[]> {
  const [row] = await db
    .select()
    .from(feedbackItems)
    .where(and(eq(feedbackItems.provinceCode, provinceCode), eq(feedbackItems.code, id)));
  if (!row || row.classification === 'conduct') throw new DomainError('OPEN311_REQUEST_NOT_FOUND', { id });
  const names = await agencyNames(db, [row]);
  return [requestOf(row, names.get(row.agencyId) ?? null, params.extensions === 'true')];
}

/**
 * mySociety's status vocabulary for each action. Drafting and returning a draft are internal
 * to the agency (issue 13.13) and are not status changes the public sees: they are left out.
 */
const updateStatus: Record<string, string> = {
  submit: 'open',
  accept: 'investigating',
  refuse: 'not_councils_responsibility',
  request_info: 'action_scheduled',
  supply_info: 'investigating',
  answer: 'closed',
  publish: 'closed',
  transfer: 'internal_referral',
  reassign: 'internal_referral',
  reopen: 'reopen',
  merge: 'duplicate',
};

/** GET servicerequestupdates.{format} (mySociety extension): every status change in the range. */
export async function serviceRequestUpdates(
  db: Executor,
  provinceCode: string,
  params: Open311Params,
  now: Date,
): Promise<Open311Update[]> {
  const { from, to } = dateRange(params, now);
  const rows = await db
    .select({ action: feedbackActions, item: feedbackItems })
    .from(feedbackActions)
    .innerJoin(feedbackItems, eq(feedbackItems.id, feedbackActions.feedbackId))
    .where(
      and(
        eq(feedbackActions.provinceCode, provinceCode),
        eq(feedbackItems.classification, 'rules'),
        inArray(feedbackActions.type, Object.keys(updateStatus)),
        gte(feedbackActions.at, from),
        lte(feedbackActions.at, to),
      ),
    )
    .orderBy(asc(feedbackActions.at), asc(feedbackActions.seq))
    .limit(1000);
  return rows.map(({ action, item }) => {
    const state = isFeedbackState(action.toState) ? action.toState : 'received';
    const published = action.type === 'publish' && item.published ? item.published.answer : null;
    return {
      update_id: `${item.code}-${action.seq}`,
      service_request_id: item.code,
      status: updateStatus[action.type] ?? 'open',
      updated_datetime: w3cDateTime(action.at),
      description: published ?? citizenLabel(state),
      media_url: '',
      external_status_code: state,
    };
  });
}
