/**
 * For tests: the three register stand-ins behind one set of client credentials, the gateway
 * configured for them (as a province's connectors file would), and a staff caller.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { startBusinessRegistryStandIn } from '../../../test/standins/business-registry/server.ts';
import { startLandStandIn } from '../../../test/standins/land/server.ts';
import type { ProviderStandIn } from '../../../test/standins/population/provider.ts';
import {
  type Citizen,
  type PopulationStandIn,
  startPopulationStandIn,
} from '../../../test/standins/population/server.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { connectorsOf } from './connectors.ts';
import { Gateway } from './gateway.ts';
import { createGatewayMetrics } from './metrics.ts';

export const CLIENT = { clientId: 'mocua-08', clientSecret: 'bí-mật-của-tỉnh-08' };

export const sampleCitizen: Citizen = {
  personalId: '008085001234',
  family: 'Nguyễn',
  middle: 'Thị',
  given: 'Hoa',
  birthDate: '19850312',
  gender: 'Nữ',
  ethnicity: 'Tày',
  permanentAddress: { provinceCode: '08', communeCode: '02215', detail: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang' },
  currentAddress: { provinceCode: '08', communeCode: '02215', detail: 'Số 12 đường Tân Trào, phường Minh Xuân' },
  father: { fullName: 'Nguyễn Văn Bình', personalId: '008055000111' },
  mother: { fullName: 'Hoàng Thị Lan', personalId: '008158000222' },
  householdHead: { fullName: 'Nguyễn Văn Bình', personalId: '008055000111', relation: 'Con' },
};

export const receiverCaller = (id = 'staff-receiver-1'): Caller => ({
  kind: 'staff',
  id,
  provinceCode: '08',
  agencyId: 'agency-centre',
  roles: ['receiver'],
});

export interface Registers {
  population: PopulationStandIn;
  business: ProviderStandIn;
  land: ProviderStandIn;
  /** A folder with the client secret file, as a deployment keeps it. */
  secretsDir: string;
  close(): Promise<void>;
}

export async function startRegisters(): Promise<Registers> {
  const [population, business, land] = await Promise.all([
    startPopulationStandIn([sampleCitizen], CLIENT),
    startBusinessRegistryStandIn(
      [
        {
          taxCode: '5000123456',
          name: 'Công ty TNHH Chè Tân Trào',
          kind: 'Công ty trách nhiệm hữu hạn một thành viên',
          status: 'Đang hoạt động',
          foundedOn: '2019-05-02',
          headOffice: 'Xã Tân Trào, tỉnh Tuyên Quang',
          representative: { fullName: 'Lý Văn Sáng', title: 'Giám đốc' },
        },
      ],
      CLIENT,
    ),
    startLandStandIn(
      [
        {
          communeCode: '02215',
          sheet: '12',
          parcel: '345',
          areaM2: 180.5,
          landUse: 'ONT',
          address: 'Tổ 5, phường Minh Xuân',
          users: [{ fullName: 'Nguyễn Thị Hoa', personalId: sampleCitizen.personalId }],
          certificateNo: 'DĐ 123456',
        },
      ],
      CLIENT,
    ),
  ]);
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'mocua-exchange-'));
  writeFileSync(path.join(secretsDir, 'lgsp-secret'), `${CLIENT.clientSecret}\n`);
  return {
    population,
    business,
    land,
    secretsDir,
    close: async () => {
      await Promise.all([population.close(), business.close(), land.close()]);
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}

/** The connectors a province would list for these registers (docs/exchange.md). */
function connectorsFor(r: Registers, overrides: { timeoutMs?: number; retries?: number } = {}) {
  const common = (tokenUrl: string) => ({
    auth: { kind: 'oauth2', tokenUrl, clientId: CLIENT.clientId, clientSecretFile: 'lgsp-secret' },
    timeoutMs: overrides.timeoutMs ?? 2_000,
    retries: overrides.retries ?? 1,
    circuitFailures: 2,
    circuitOpenSeconds: 30,
  });
  return connectorsOf(
    {
      connectors: [
        {
          id: 'population.citizen',
          title: 'CSDL quốc gia về dân cư — tra cứu thông tin công dân',
          register: 'population',
          endpoint: `${r.population.url}/dancu/CongDanService`,
          ...common(r.population.tokenUrl),
          allow: [{ module: 'dossiers', roles: ['receiver'] }],
        },
        {
          id: 'business.enterprise',
          title: 'CSDL quốc gia về đăng ký doanh nghiệp',
          register: 'business',
          endpoint: r.business.url,
          ...common(r.business.tokenUrl),
          allow: [{ module: 'dossiers', roles: ['receiver', 'specialist'] }],
        },
        {
          id: 'land.parcel',
          title: 'Hệ thống thông tin đất đai — thửa đất',
          register: 'land',
          endpoint: r.land.url,
          ...common(r.land.tokenUrl),
          allow: [{ module: 'dossiers', roles: ['specialist'] }],
        },
      ],
    },
    r.secretsDir,
  );
}

export function testGateway(
  r: Registers,
  signer: Signer | undefined,
  options: { now?: () => number; timeoutMs?: number; retries?: number } = {},
) {
  const registry = new Registry();
  const gateway = new Gateway({
    provinceCode: '08',
    connectors: connectorsFor(r, options),
    signer: async () => signer,
    metrics: createGatewayMetrics(registry),
    backoffMs: 10,
    ...(options.now ? { now: options.now } : {}),
  });
  return { gateway, registry };
}
