/**
 * "Lấy từ CSDL dân cư" at the counter: the officer asks the citizen's consent, ticks it, types
 * the personal id; the answer fills the counter form. When the register cannot answer, the page
 * says so and sends the officer back to the form to enter the data by hand ("nhập tay").
 */
import { BackLink } from '../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import {
  Button,
  ButtonLink,
  ChoiceGroup,
  errorFor,
  PostForm,
  type Problem,
  TextInput,
} from '../../../web/components/form.tsx';
import { Warning } from '../../../web/components/panel.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';

export const POPULATION_PATH = '/workspace/dan-cu';
export const counterFormHref = (procedureCode: string, prefillId?: string) =>
  `/workspace/tiep-nhan/${encodeURIComponent(procedureCode)}${prefillId ? `?dan-cu=${encodeURIComponent(prefillId)}` : ''}`;

const CONSENT_STATEMENT =
  'Công dân đã được thông báo và đồng ý cho cơ quan khai thác thông tin của mình trong Cơ sở dữ liệu quốc gia về dân cư để giải quyết thủ tục này.';

export function PopulationLookupPage(props: {
  ctx: PageContext;
  procedureCode: string;
  personalId: string;
  consent: boolean;
  problems?: Problem[] | undefined;
  /** The register is down or not connected: the officer enters the data by hand. */
  unavailable?: string | undefined;
}) {
  const { ctx, procedureCode, problems } = props;
  const err = (name: string) => errorFor(problems, name);
  return (
    <Layout
      ctx={ctx}
      title="Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư"
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={counterFormHref(procedureCode)} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">Tiếp nhận hồ sơ tại quầy</span>
      <h1>Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư</h1>
      {props.unavailable ? (
        <>
          <Warning label="Cảnh báo">{props.unavailable}</Warning>
          <ButtonLink href={counterFormHref(procedureCode)}>Nhập tay thông tin người nộp</ButtonLink>
        </>
      ) : null}
      <p>
        Thông tin họ tên, ngày sinh, nơi thường trú và thông tin cha, mẹ, vợ hoặc chồng, chủ hộ được điền sẵn vào tờ
        khai; người nộp không phải xuất trình lại giấy tờ mà cơ quan đã khai thác được (Nghị định 45/2020/NĐ-CP).
      </p>
      <PostForm ctx={ctx} action={POPULATION_PATH}>
        <input type="hidden" name="procedure" value={procedureCode} />
        <TextInput
          ctx={ctx}
          name="personalId"
          label="Số định danh cá nhân (số căn cước)"
          hint="12 chữ số"
          value={props.personalId}
          error={err('personalId')}
          inputmode="numeric"
          width="w20"
          maxLength={12}
        />
        <ChoiceGroup
          ctx={ctx}
          name="consent"
          label="Sự đồng ý của công dân"
          hint="Hỏi công dân trước khi tra cứu; không tra cứu nếu công dân không đồng ý."
          multiple
          values={props.consent ? ['yes'] : []}
          error={err('consent')}
          options={[{ value: 'yes', label: CONSENT_STATEMENT }]}
        />
        <Button>Tra cứu và điền sẵn tờ khai</Button>
      </PostForm>
    </Layout>
  );
}
