/**
 * The routes `npm run bench` loads, each with what it needs prepared first. The preparation
 * talks to the server through the generated client (client/index.ts, typed from the OpenAPI
 * description), so a body or path here that drifts from the routes fails to compile.
 */
import { type paths, sessionClient } from '../client/index.ts';
import { portalInput } from '../src/modules/feedback/testing.ts';
import { csrfFor, signInOfficer } from '../test/abuse/client.ts';
import type { load, RequestShape } from './lib.ts';

export interface Prepared {
  path: string;
  options?: Parameters<typeof load>[2];
}

export interface Scenario {
  name: string;
  prepare(base: string): Promise<Prepared>;
}

/** The session's cookies (with the CSRF secret) and its token: every state change sends both. */
async function asClient(base: string, cookie = ''): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const client = await csrfFor(base, cookie);
  return { cookie: client.cookie, 'x-csrf-token': client.token };
}

const signIn = signInOfficer;

type Filing = paths['/api/v1/dossiers']['post']['requestBody']['content']['application/json'];

/** A counter filing of birth registration at the centre of `agencyName`, as the procedure asks. */
async function birthFiling(base: string, agencyName = 'Minh Xuân'): Promise<Filing> {
  const { data: procedure, error } = await sessionClient(base).GET('/api/v1/procedures/{id}', {
    params: { path: { id: '1.001193' } },
  });
  if (!procedure) throw new Error(`procedure 1.001193: ${JSON.stringify(error)}`);
  const formData: Record<string, string> = {};
  for (const f of procedure.eform) {
    if (f.required)
      formData[f.key] = f.type === 'choice' ? (f.options?.[0] ?? '') : f.type === 'date' ? '2026-11-01' : 'Vàng Thị Dí';
  }
  return {
    procedure: '1.001193',
    agencyId: procedure.agencies.find((a) => a.name.includes(agencyName))?.id,
    applicant: { type: 'citizen', fullName: 'Vàng Thị Dí', phone: '0961234567' },
    formData,
  };
}

let seq = 0;

export const scenarios: Scenario[] = [
  { name: '/healthz', prepare: async () => ({ path: '/healthz' }) },
  {
    name: 'procedure search (?q=, folded, typo-tolerant)',
    prepare: async () => ({ path: `/api/v1/procedures?q=${encodeURIComponent('dang ki khai sinh')}&limit=10` }),
  },
  {
    name: 'dossier submission (durable, counter: submit + receive, one agency)',
    prepare: async (base) => {
      const cookie = await signIn(base, 'tiepnhan.minhxuan');
      const body = JSON.stringify(await birthFiling(base));
      const run = Date.now();
      return {
        path: '/api/v1/dossiers',
        options: {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...(await asClient(base, cookie)) },
          setupRequest: (req: RequestShape) => ({
            ...req,
            headers: { ...req.headers, 'idempotency-key': `bench-${run}-${++seq}` },
          }),
        },
      };
    },
  },
  {
    // Online filing now needs a staged file per required paper and a citizen confirmed by a
    // link (issue 11), so the spread case is measured at the five commune centres' counters:
    // the same question (filings that do not share a code counter), one transaction each.
    name: 'dossier submission (durable, counter: submit + receive, spread over 5 commune centres)',
    prepare: async (base) => {
      const centres = [
        ['tiepnhan.minhxuan', 'Minh Xuân'],
        ['tiepnhan.tantrao', 'Tân Trào'],
        ['tiepnhan.hagiang1', 'Hà Giang 1'],
        ['tiepnhan.dongvan', 'Đồng Văn'],
        ['tiepnhan.meovac', 'Mèo Vạc'],
      ] as const;
      const officers = await Promise.all(
        centres.map(async ([login, commune]) => ({
          headers: await asClient(base, await signIn(base, login)),
          body: JSON.stringify(await birthFiling(base, commune)),
        })),
      );
      const run = Date.now();
      const first = officers[0];
      if (!first) throw new Error('no officer');
      return {
        path: '/api/v1/dossiers',
        options: {
          method: 'POST',
          body: first.body,
          headers: { 'content-type': 'application/json', ...first.headers },
          setupRequest: (req: RequestShape) => {
            const n = ++seq;
            const officer = officers[n % officers.length] ?? first;
            return {
              ...req,
              body: officer.body,
              headers: { ...req.headers, ...officer.headers, 'idempotency-key': `bench-${run}-${n}` },
            };
          },
        },
      };
    },
  },
  {
    name: 'feedback submission (durable, portal, anonymous JSON)',
    prepare: async (base) => {
      // The portal's sample report of the feedback tests, without the channel (the route sets it).
      const { channel: _channel, ...fields } = portalInput();
      const body = JSON.stringify(fields);
      const run = Date.now();
      return {
        path: '/api/v1/feedback',
        options: {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...(await asClient(base)) },
          setupRequest: (req: RequestShape) => ({
            ...req,
            headers: { ...req.headers, 'idempotency-key': `bench-feedback-${run}-${++seq}` },
          }),
        },
      };
    },
  },
  {
    name: 'public tracking (code + key)',
    prepare: async (base) => {
      const api = sessionClient(base, { cookie: await signIn(base, 'tiepnhan.minhxuan') });
      const { data, error } = await api.POST('/api/v1/dossiers', {
        params: { header: { 'idempotency-key': `bench-track-${Date.now()}` } },
        body: await birthFiling(base),
      });
      if (!data?.trackingKey) throw new Error(`filing for tracking: ${JSON.stringify(error)}`);
      const { code, trackingKey } = data;
      return { path: `/api/v1/track/${code}?key=${trackingKey}` };
    },
  },
  {
    name: 'staff inbox (urgency order, counts)',
    prepare: async (base) => ({
      path: '/api/v1/dossiers?limit=20',
      options: { headers: { cookie: await signIn(base, 'tiepnhan.minhxuan') } },
    }),
  },
];
