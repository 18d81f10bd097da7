/**
 * The connector's HTTP entrances for the national portal itself:
 * - `POST /api/v1/national/dossiers`: the portal (or the LGSP on its behalf) pushes a dossier
 *   filed there (`{service: "DongBoHoSoMC", isUpdating, data: HoSo}`, OpenCPS `/nps/nhanhsdvcqg`,
 *   payments-sync-sso.md §3.2), authenticated by the bearer token agreed with the province;
 *   answered in the adapter's own shape `{error_code, message, result}`.
 * - `GET /national/files/:code/:id`: the signed, expiring download link of a paper or a result
 *   the portal fetches (§3.1 "Files").
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../platform/errors.ts';
import { typed } from '../../platform/http/app.ts';
import { readAttachment } from '../dossiers/index.ts';
import { nationalContext } from './context.ts';
import './errors.ts';
import { registerDatabaseGauges } from '../../platform/metrics/index.ts';
import { checkFileLink } from './file-links.ts';
import { PushBody } from './inbound-schema.ts';
import { nationalSyncGauges } from './metrics.ts';
import { connector, receiveNationalDossier } from './receive-national-dossier.ts';

const tags = ['national'];

/** The services a push may carry: a dossier in the `HoSo` shape (§3.2 expects the same shape). */
const PUSH_SERVICES = ['DongBoHoSoMC'];

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function nationalRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const deps = () => app.deps;
  registerDatabaseGauges(app.metricsRegistry, () => app.deps.database.db, nationalSyncGauges);

  r.post(
    '/api/v1/national/dossiers',
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary: 'Cổng Dịch vụ công quốc gia chuyển hồ sơ nộp trên Cổng về tỉnh (DongBoHoSoMC)',
        body: PushBody,
      },
    },
    async (request, reply) => {
      const { config, database, services } = deps();
      const token = config.nationalInboundToken;
      if (!token) throw new DomainError('NATIONAL_SYNC_DISABLED');
      if (!bearerMatches(request, token)) throw new DomainError('NATIONAL_PUSH_UNAUTHORISED');
      if (!PUSH_SERVICES.includes(request.body.service)) {
        throw new DomainError('NATIONAL_SERVICE_UNKNOWN', { service: request.body.service });
      }
      const db = database.db;
      const received = await receiveNationalDossier(
        db,
        request.body.data,
        'push',
        nationalContext(db, config, services),
      );
      return reply.status(200).send({
        error_code: 0,
        message: received.created ? 'Tiếp nhận hồ sơ thành công' : 'Hồ sơ đã được tiếp nhận trước đó',
        result: { MaHoSo: received.nationalCode, MaHoSoTinh: received.dossierCode },
      });
    },
  );

  r.get(
    '/national/files/:code/:id',
    {
      schema: {
        tags,
        summary: 'Tải giấy tờ hoặc kết quả của hồ sơ bằng đường dẫn có chữ ký, có hạn (cho Cổng Dịch vụ công quốc gia)',
        params: Type.Object({
          code: Type.String({ maxLength: 60 }),
          id: Type.String({ format: 'uuid' }),
        }),
        querystring: Type.Object({
          e: Type.Integer({ minimum: 0 }),
          s: Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
        }),
      },
    },
    async (request, reply) => {
      const { config, database, services } = deps();
      const secret = config.nationalFileLinkSecret;
      const { code, id } = request.params;
      if (!secret || !checkFileLink(secret, code, id, request.query.e, request.query.s, services.now())) {
        throw new DomainError('NATIONAL_FILE_LINK_INVALID');
      }
      const { meta, bytes } = await readAttachment(database.db, services.blobs, connector, code, id);
      return reply
        .type(meta.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`)
        .send(Buffer.from(bytes));
    },
  );
}
