/**
 * A stand-in of the national public-service portal's adapter API (payments-sync-sso.md §3.1,
 * after OpenCPS's DVCQGIntegrationActionImpl), a real HTTP server on 127.0.0.1:
 * - `POST <authPath>` `{username, password}` (+ header `dstcode`) → `{error_code: 0, session}`;
 * - `POST <integrationPath>` `{session, madonvi, service, …}` with `Content-Type:
 *   application/json` and `dstcode`, answering `{error_code, message, result?}`:
 *   `DongBoHoSoMC` (`isUpdating` "True"/"False", `data: [HoSo]`, every field checked by
 *   validate.ts; "False" on a known dossier → error 3 "Hồ sơ đã tồn tại"), `CapNhatTienDoHoSoMC`
 *   (`data: [QuaTrinhXuLy]`, at most 10), `TraCuuHoSo` (`mahoso` → `result: [HoSo]` or `[]`),
 *   and the listing service the province pulls (`pullService`) → `result: [HoSo…]`;
 * - `GET /files/<name>`: the papers of the dossiers it serves, as the portal's download links.
 * `down()` answers 503 to everything, as an outage would; `tamper()` changes what it holds, to
 * plant a difference for reconciliation; `expireSessions()` forgets every session.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateHoSo, validateTimelineEntry } from './validate.ts';

export interface PortalOptions {
  username: string;
  password: string;
  agencyCode: string;
  dstCode: string;
  authPath?: string;
  integrationPath?: string;
  pullService?: string;
}

interface ReceivedCall {
  service: string;
  body: Record<string, unknown>;
  /** What the stand-in answered. */
  answer: { error_code: number; message: string };
}

export interface NationalPortalStandIn {
  url: string;
  authPath: string;
  integrationPath: string;
  pullService: string;
  /** Every integration call, in order (accepted or not). */
  readonly calls: ReceivedCall[];
  /** The dossiers as the portal holds them, by MaHoSo. */
  readonly dossiers: Map<string, Record<string, unknown>>;
  /** Timeline entries received, by MaHoSo. */
  readonly timelines: Map<string, Array<Record<string, unknown>>>;
  /** A dossier filed on the portal, served by the listing service; its papers served at `/files/`. */
  offer(hoSo: Record<string, unknown>, files: Record<string, Uint8Array>): void;
  /** Files served at `/files/` (the papers of a dossier the portal pushes). */
  serve(files: Record<string, Uint8Array>): void;
  fileUrl(name: string): string;
  down(): void;
  up(): void;
  expireSessions(): void;
  tamper(maHoSo: string, field: string, value: unknown): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startNationalPortal(options: PortalOptions): Promise<NationalPortalStandIn> {
  const authPath = options.authPath ?? '/api/auth/login';
  const integrationPath = options.integrationPath ?? '/api/integration';
  const pullService = options.pullService ?? 'LayDanhSachHoSoMC';
  const sessions = new Set<string>();
  const calls: ReceivedCall[] = [];
  const dossiers = new Map<string, Record<string, unknown>>();
  const timelines = new Map<string, Array<Record<string, unknown>>>();
  const offered: Array<Record<string, unknown>> = [];
  const files = new Map<string, Uint8Array>();
  let outage = false;
  let base = '';

  const integration = (body: Record<string, unknown>): { error_code: number; message: string; result?: unknown } => {
    if (typeof body.session !== 'string' || !sessions.has(body.session)) {
      return { error_code: 401, message: 'Phiên làm việc (session) không hợp lệ hoặc đã hết hạn' };
    }
    if (body.madonvi !== options.agencyCode) return { error_code: 2, message: 'madonvi không đúng' };
    switch (body.service) {
      case 'DongBoHoSoMC': {
        if (body.isUpdating !== 'True' && body.isUpdating !== 'False') {
          return { error_code: -1, message: 'isUpdating phải là "True" hoặc "False"' };
        }
        if (!Array.isArray(body.data) || body.data.length === 0) return { error_code: -1, message: 'data trống' };
        const problems = body.data.flatMap((h) => validateHoSo(h));
        if (problems.length > 0) return { error_code: -1, message: problems.join('; ') };
        for (const h of body.data as Array<Record<string, unknown>>) {
          const code = String(h.MaHoSo);
          if (body.isUpdating === 'False' && dossiers.has(code)) {
            return { error_code: 3, message: `Hồ sơ ${code} đã tồn tại` };
          }
          if (body.isUpdating === 'True' && !dossiers.has(code)) {
            return { error_code: -1, message: `Hồ sơ ${code} chưa tồn tại, không cập nhật được` };
          }
        }
        for (const h of body.data as Array<Record<string, unknown>>) dossiers.set(String(h.MaHoSo), structuredClone(h));
        return { error_code: 0, message: 'Đồng bộ hồ sơ thành công' };
      }
      case 'CapNhatTienDoHoSoMC': {
        if (!Array.isArray(body.data) || body.data.length === 0) return { error_code: -1, message: 'data trống' };
        if (body.data.length > 10) return { error_code: -1, message: 'Tối đa 10 bản ghi mỗi lần' };
        const problems = body.data.flatMap((e, i) => validateTimelineEntry(e, i));
        if (problems.length > 0) return { error_code: -1, message: problems.join('; ') };
        for (const e of body.data as Array<Record<string, unknown>>) {
          const code = String(e.MaHoSo);
          if (!dossiers.has(code)) return { error_code: -1, message: `Hồ sơ ${code} chưa tồn tại` };
          timelines.set(code, [...(timelines.get(code) ?? []), structuredClone(e)]);
        }
        return { error_code: 0, message: 'Cập nhật tiến độ thành công' };
      }
      case 'TraCuuHoSo': {
        const found = dossiers.get(String(body.mahoso));
        return { error_code: 0, message: 'OK', result: found ? [found] : [] };
      }
      case pullService:
        return { error_code: 0, message: 'OK', result: offered };
      default:
        return { error_code: -1, message: `service không hỗ trợ: ${String(body.service)}` };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, type = 'application/json; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body));
    };
    if (outage) return send(503, 'Service Unavailable', 'text/plain');
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path.startsWith('/files/')) {
      const bytes = files.get(decodeURIComponent(path.slice('/files/'.length)));
      return bytes ? send(200, bytes, 'application/pdf') : send(404, 'Not Found', 'text/plain');
    }
    if (req.method !== 'POST') return send(405, 'Method Not Allowed', 'text/plain');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(415, { error_code: -1, message: 'Content-Type phải là application/json' });
    }
    if (req.headers.dstcode !== options.dstCode) return send(200, { error_code: 2, message: 'dstcode không đúng' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return send(400, { error_code: -1, message: 'JSON không hợp lệ' });
    }
    if (path === authPath) {
      if (body.username !== options.username || body.password !== options.password) {
        return send(200, { error_code: 1, message: 'Sai tên đăng nhập hoặc mật khẩu' });
      }
      const session = randomBytes(24).toString('hex');
      sessions.add(session);
      return send(200, { error_code: 0, session, message: 'OK' });
    }
    if (path !== integrationPath) return send(404, { error_code: -1, message: 'Not found' });
    const answer = integration(body);
    calls.push({
      service: String(body.service),
      body,
      answer: { error_code: answer.error_code, message: answer.message },
    });
    return send(200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    authPath,
    integrationPath,
    pullService,
    calls,
    dossiers,
    timelines,
    offer(hoSo, papers) {
      for (const [name, bytes] of Object.entries(papers)) files.set(name, bytes);
      offered.push(hoSo);
    },
    serve(papers) {
      for (const [name, bytes] of Object.entries(papers)) files.set(name, bytes);
    },
    fileUrl: (name) => `${base}/files/${encodeURIComponent(name)}`,
    down: () => {
      outage = true;
    },
    up: () => {
      outage = false;
    },
    expireSessions: () => sessions.clear(),
    tamper(maHoSo, field, value) {
      const h = dossiers.get(maHoSo);
      if (h) h[field] = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
