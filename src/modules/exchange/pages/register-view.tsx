/**
 * Staff look-ups in the business registration database (by enterprise code) and the land
 * information system (by commune, map sheet and parcel number), through the gateway: the
 * officer says why (the purpose goes into the signed message log, with the dossier when there
 * is one). When the register cannot answer, the page says so and the officer enters the data
 * from the applicant's papers ("nhập tay").
 */
import type { ComponentChildren } from 'preact';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import { Button, errorFor, PostForm, type Problem, Select, TextInput } from '../../../web/components/form.tsx';
import { Warning } from '../../../web/components/panel.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { EnterpriseRecord, ParcelRecord } from '../lookup-business.ts';

export const ENTERPRISE_PATH = '/workspace/doanh-nghiep';
export const PARCEL_PATH = '/workspace/thua-dat';

/** The land-use codes met most at a commune, as land records write them [M: from memory; the land office to confirm]. */
const LAND_USE: Record<string, string> = {
  ONT: 'Đất ở tại nông thôn',
  ODT: 'Đất ở tại đô thị',
  LUC: 'Đất chuyên trồng lúa',
  LUK: 'Đất trồng lúa còn lại',
  BHK: 'Đất bằng trồng cây hằng năm khác',
  NHK: 'Đất nương rẫy trồng cây hằng năm khác',
  CLN: 'Đất trồng cây lâu năm',
  RSX: 'Đất rừng sản xuất',
  RPH: 'Đất rừng phòng hộ',
  NTS: 'Đất nuôi trồng thủy sản',
};

const landUseLabel = (code: string) => (LAND_USE[code] ? `${LAND_USE[code]} (${code})` : code);
const dayOf = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split('-').reverse().join('/') : iso);
const area = (m2: number) => `${m2.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} m²`;

export interface Why {
  purpose: string;
  dossier: string;
}

/** What the page shows under the form: a record, "not found", or the register down. */
export type Outcome<T> =
  | { kind: 'found'; record: T }
  | { kind: 'notFound' }
  /** `status`: 503 when the register is down, 403 when the allow-list refuses, 200 when not connected here. */
  | { kind: 'unavailable'; message: string; status: number }
  | undefined;

function Frame(props: {
  ctx: PageContext;
  title: string;
  problems?: Problem[] | undefined;
  children: ComponentChildren;
}) {
  const { ctx, problems } = props;
  return (
    <Layout ctx={ctx} title={props.title} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">Khai thác dữ liệu dùng chung</span>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}

function WhyFields(props: { ctx: PageContext; why: Why; problems?: Problem[] | undefined }) {
  const { ctx, why, problems } = props;
  return (
    <>
      <TextInput
        ctx={ctx}
        name="purpose"
        label="Mục đích khai thác"
        hint="Ghi vào nhật ký trao đổi dữ liệu, ví dụ: Thẩm định hồ sơ đăng ký biến động đất đai"
        value={why.purpose}
        maxLength={200}
        error={errorFor(problems, 'purpose')}
      />
      <TextInput
        ctx={ctx}
        name="dossier"
        label="Mã hồ sơ"
        hint="Hồ sơ cần dữ liệu này, nếu có"
        optional
        width="w20"
        value={why.dossier}
        maxLength={40}
        error={errorFor(problems, 'dossier')}
      />
    </>
  );
}

function Unavailable(props: { message: string }) {
  return (
    <div data-manual-entry>
      <Warning label="Cảnh báo">{props.message}</Warning>
      <p>
        <strong>Nhập tay:</strong> dùng thông tin trên giấy tờ người nộp xuất trình; hồ sơ vẫn được tiếp nhận và giải
        quyết bình thường.
      </p>
    </div>
  );
}

export function EnterpriseLookupPage(props: {
  ctx: PageContext;
  taxCode: string;
  why: Why;
  problems?: Problem[] | undefined;
  outcome?: Outcome<EnterpriseRecord>;
}) {
  const { ctx, problems, outcome } = props;
  return (
    <Frame ctx={ctx} title="Tra cứu thông tin doanh nghiệp" problems={problems}>
      <p>Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp, qua nền tảng chia sẻ dữ liệu của tỉnh (LGSP).</p>
      <PostForm ctx={ctx} action={ENTERPRISE_PATH}>
        <TextInput
          ctx={ctx}
          name="taxCode"
          label="Mã số doanh nghiệp"
          hint="10 chữ số; mã số đơn vị phụ thuộc có thêm 3 chữ số sau dấu gạch ngang"
          value={props.taxCode}
          inputmode="numeric"
          width="w20"
          maxLength={14}
          error={errorFor(problems, 'taxCode')}
        />
        <WhyFields ctx={ctx} why={props.why} problems={problems} />
        <Button>Tra cứu</Button>
      </PostForm>
      {outcome?.kind === 'unavailable' ? <Unavailable message={outcome.message} /> : null}
      {outcome?.kind === 'notFound' ? <p role="status">Không tìm thấy doanh nghiệp có mã số {props.taxCode}.</p> : null}
      {outcome?.kind === 'found' ? (
        <section aria-labelledby="ket-qua">
          <h2 id="ket-qua">{outcome.record.name}</h2>
          <SummaryList
            rows={[
              { key: 'Mã số doanh nghiệp', value: outcome.record.taxCode },
              { key: 'Loại hình', value: outcome.record.kind },
              { key: 'Tình trạng pháp lý', value: outcome.record.status },
              { key: 'Ngày thành lập', value: dayOf(outcome.record.foundedOn) },
              { key: 'Địa chỉ trụ sở chính', value: outcome.record.headOffice },
              { key: 'Người đại diện theo pháp luật', value: outcome.record.representative },
            ]}
          />
        </section>
      ) : null}
    </Frame>
  );
}

export interface ParcelQuery {
  commune: string;
  sheet: string;
  parcel: string;
}

export function ParcelLookupPage(props: {
  ctx: PageContext;
  communes: { code: string; name: string }[];
  query: ParcelQuery;
  why: Why;
  problems?: Problem[] | undefined;
  outcome?: Outcome<ParcelRecord>;
}) {
  const { ctx, problems, outcome, query } = props;
  return (
    <Frame ctx={ctx} title="Tra cứu thông tin thửa đất" problems={problems}>
      <p>Hệ thống thông tin đất đai của tỉnh, qua nền tảng chia sẻ dữ liệu của tỉnh (LGSP).</p>
      <PostForm ctx={ctx} action={PARCEL_PATH}>
        <Select
          ctx={ctx}
          name="commune"
          label="Xã, phường"
          value={query.commune}
          emptyLabel="— Chọn xã, phường —"
          options={props.communes.map((c) => ({ value: c.code, label: c.name }))}
          error={errorFor(problems, 'commune')}
        />
        <TextInput
          ctx={ctx}
          name="sheet"
          label="Số tờ bản đồ"
          value={query.sheet}
          inputmode="numeric"
          width="w10"
          maxLength={4}
          error={errorFor(problems, 'sheet')}
        />
        <TextInput
          ctx={ctx}
          name="parcel"
          label="Số thửa"
          value={query.parcel}
          inputmode="numeric"
          width="w10"
          maxLength={6}
          error={errorFor(problems, 'parcel')}
        />
        <WhyFields ctx={ctx} why={props.why} problems={problems} />
        <Button>Tra cứu</Button>
      </PostForm>
      {outcome?.kind === 'unavailable' ? <Unavailable message={outcome.message} /> : null}
      {outcome?.kind === 'notFound' ? (
        <p role="status">
          Không tìm thấy thửa đất số {query.parcel}, tờ bản đồ số {query.sheet} trong hệ thống thông tin đất đai.
        </p>
      ) : null}
      {outcome?.kind === 'found' ? (
        <section aria-labelledby="ket-qua">
          <h2 id="ket-qua">
            Thửa đất số {outcome.record.parcel || query.parcel}, tờ bản đồ số {outcome.record.sheet || query.sheet}
          </h2>
          <SummaryList
            rows={[
              { key: 'Diện tích', value: area(outcome.record.areaM2) },
              { key: 'Mục đích sử dụng', value: landUseLabel(outcome.record.landUse) },
              { key: 'Địa chỉ thửa đất', value: outcome.record.address },
              {
                key: 'Người sử dụng đất',
                value: outcome.record.users
                  .map((u) => (u.personalId ? `${u.fullName} (số định danh ${u.personalId})` : u.fullName))
                  .join('; '),
              },
              { key: 'Số phát hành Giấy chứng nhận', value: outcome.record.certificateNo || '—' },
            ]}
          />
        </section>
      ) : null}
    </Frame>
  );
}
