/**
 * "Lấy từ CSDL dân cư" on the online filing: the citizen signed in through VNeID consents to
 * their own record being read, and the answer fills the applicant page. The section on that
 * page, and the consent page itself (routes: dossiers/pages/portal/filing-population.tsx). Without a
 * VNeID-verified session the page says why nothing can be looked up and how to file by hand.
 */
import { BackLink } from '../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import { Button, ButtonLink, ChoiceGroup, errorFor, PostForm, type Problem } from '../../../web/components/form.tsx';
import { Warning } from '../../../web/components/panel.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { type CounterPrefill, FamilyList } from '../counter-prefill.tsx';

const ONLINE_CONSENT_STATEMENT =
  'Tôi đồng ý để cơ quan giải quyết thủ tục khai thác thông tin của tôi trong Cơ sở dữ liệu quốc gia về dân cư (họ tên, ngày sinh, nơi thường trú, nơi ở hiện tại, thông tin cha, mẹ, vợ hoặc chồng, chủ hộ) để điền sẵn và giải quyết hồ sơ này.';

/** On the online applicant page: the button, or what came from the register. */
export function OnlinePopulationSection(props: { href: string; prefill?: CounterPrefill | undefined }) {
  if (props.prefill) {
    return (
      <div class="inset" data-population-prefill>
        <p>
          Thông tin của bạn đã được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư theo sự đồng ý của bạn. Vui lòng kiểm
          tra trước khi tiếp tục.
        </p>
        <FamilyList family={props.prefill.family} />
      </div>
    );
  }
  return (
    <p>
      <ButtonLink variant="secondary" href={props.href}>
        Lấy từ CSDL dân cư
      </ButtonLink>
    </p>
  );
}

export function OnlinePopulationPage(props: {
  ctx: PageContext;
  procedureName: string;
  action: string;
  back: string;
  /** The personal id the national sign-in vouched for this session; undefined: nothing can be looked up. */
  verifiedPersonalId: string | undefined;
  consent: boolean;
  problems?: Problem[] | undefined;
  /** The register is down, not connected, or the look-up is not allowed: file by hand. */
  unavailable?: string | undefined;
}) {
  const { ctx, problems } = props;
  const title = 'Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư';
  return (
    <Layout
      ctx={ctx}
      title={`${title} — ${props.procedureName}`}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={props.back} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">{props.procedureName}</span>
      <h1>{title}</h1>
      {props.unavailable ? (
        <>
          <Warning label="Cảnh báo">{props.unavailable}</Warning>
          <ButtonLink href={props.back}>Tự nhập thông tin người nộp</ButtonLink>
        </>
      ) : null}
      {props.verifiedPersonalId === undefined ? (
        !props.unavailable && (
          <>
            <p>
              Chỉ lấy được thông tin của chính bạn, khi bạn đăng nhập bằng tài khoản định danh điện tử VNeID: khi đó hệ
              thống biết chắc số định danh là của bạn. Bạn có thể đăng nhập lại bằng VNeID, hoặc tự nhập thông tin.
            </p>
            <ButtonLink href={props.back}>Tự nhập thông tin người nộp</ButtonLink>
          </>
        )
      ) : (
        <>
          <p>
            Thông tin được điền sẵn vào hồ sơ; bạn không phải khai lại hoặc nộp bản sao giấy tờ mà cơ quan đã khai thác
            được (Nghị định 45/2020/NĐ-CP). Việc khai thác được ghi nhật ký.
          </p>
          <SummaryList
            rows={[{ key: 'Số định danh cá nhân (đã xác thực qua VNeID)', value: props.verifiedPersonalId }]}
          />
          <PostForm ctx={ctx} action={props.action}>
            <input type="hidden" name="personalId" value={props.verifiedPersonalId} />
            <ChoiceGroup
              ctx={ctx}
              name="consent"
              label="Sự đồng ý của bạn"
              hint="Không đồng ý thì bạn tự nhập thông tin; hồ sơ vẫn được nộp bình thường."
              multiple
              values={props.consent ? ['yes'] : []}
              error={errorFor(problems, 'consent')}
              options={[{ value: 'yes', label: ONLINE_CONSENT_STATEMENT }]}
            />
            <Button>Đồng ý và lấy thông tin</Button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}
