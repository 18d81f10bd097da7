/** The pages of the feedback form: the form itself and the confirmation with the code and the key. */
import { BackLink } from '../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../web/components/error-summary.tsx';
import {
  Button,
  ChoiceGroup,
  errorFor,
  FileInput,
  PostForm,
  type Problem,
  Select,
  Textarea,
  TextInput,
} from '../../web/components/form.tsx';
import { formatDateTime } from '../../web/components/format.ts';
import { Panel } from '../../web/components/panel.tsx';
import { SummaryList } from '../../web/components/summary-list.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { feedbackCategories } from './categories.ts';
import { MAX_PHOTOS } from './photos.ts';

export const FEEDBACK_BASE = '/phan-anh-kien-nghi';
export const FEEDBACK_FORM = `${FEEDBACK_BASE}/gui`;

export interface FeedbackFormValues {
  kind: string;
  categoryCode: string;
  subject: string;
  content: string;
  dossierCode: string;
  communeCode: string;
  placeAddress: string;
  /** Decimal degrees from the device ("Dùng vị trí của tôi"); empty without it. */
  lat: string;
  lng: string;
  senderName: string;
  senderPhone: string;
  senderEmail: string;
  senderAddress: string;
  /** "yes" when the sender agrees to keep the photos' GPS position. */
  photoLocation: string;
}

export interface Commune {
  code: string;
  name: string;
}

export function FeedbackFormPage(props: {
  ctx: PageContext;
  values: FeedbackFormValues;
  communes: Commune[];
  problems?: Problem[] | undefined;
  /** The size limit of one photo, in MB. */
  maxPhotoMb: number;
}) {
  const { ctx, values: v, problems } = props;
  const err = (name: string) => errorFor(problems, name);
  const title = 'Gửi phản ánh, kiến nghị';
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={FEEDBACK_BASE} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>{title}</h1>
      <p class="lead">
        Phản ánh về quy định, thủ tục hành chính hoặc hành vi của cán bộ, công chức; kiến nghị sửa đổi quy định. Cơ quan
        có thẩm quyền trả lời trong 15 ngày làm việc.
      </p>
      <p>
        Khiếu nại, tố cáo được giải quyết theo Luật Khiếu nại và Luật Tố cáo, không gửi qua mẫu này. Phản ánh, kiến nghị
        nặc danh không được xử lý (Nghị định 20/2008/NĐ-CP).
      </p>
      <PostForm ctx={ctx} action={FEEDBACK_FORM} txn multipart>
        <ChoiceGroup
          ctx={ctx}
          name="kind"
          label="Bạn muốn gửi"
          inline
          error={err('kind')}
          values={[v.kind]}
          options={[
            { value: 'report', label: 'Phản ánh' },
            { value: 'proposal', label: 'Kiến nghị' },
          ]}
        />
        {/* With script, the category is suggested as the sender types (enhance.js); they can change it. */}
        <div data-suggest-category>
          <Select
            ctx={ctx}
            name="categoryCode"
            label="Nhóm nội dung"
            hint="Nếu chưa rõ, để trống: hệ thống chọn theo nội dung bạn viết."
            error={err('categoryCode')}
            value={v.categoryCode}
            emptyLabel="Để hệ thống chọn theo nội dung"
            optional
            options={feedbackCategories().map((c) => ({ value: c.code, label: c.name }))}
          />
          <p class="hint" data-category-suggestion aria-live="polite" />
        </div>
        <TextInput ctx={ctx} name="subject" label="Tiêu đề" value={v.subject} error={err('subject')} maxLength={200} />
        <Textarea
          ctx={ctx}
          name="content"
          label="Nội dung phản ánh, kiến nghị"
          hint="Nêu rõ sự việc, thời gian, địa điểm và đề xuất của bạn."
          value={v.content}
          error={err('content')}
          rows={8}
        />
        <TextInput
          ctx={ctx}
          name="dossierCode"
          label="Mã hồ sơ liên quan"
          hint="Nếu phản ánh về một hồ sơ thủ tục hành chính, ví dụ 000.01.41.H60-261122-0001."
          optional
          value={v.dossierCode}
          error={err('dossierCode')}
          spellcheck={false}
        />
        <Select
          ctx={ctx}
          name="communeCode"
          label="Xã, phường, đặc khu nơi xảy ra sự việc"
          optional
          error={err('communeCode')}
          value={v.communeCode}
          emptyLabel="Không chọn"
          options={props.communes.map((c) => ({ value: c.code, label: c.name }))}
        />
        <TextInput
          ctx={ctx}
          name="placeAddress"
          label="Địa chỉ nơi xảy ra sự việc"
          hint="Số nhà, đường, thôn, tổ, hoặc một nơi dễ nhận ra."
          optional
          value={v.placeAddress}
          error={err('placeAddress')}
        />
        {/* Device location, no map from another host: shown only when script can ask for it. */}
        <div class="form-group" data-geo hidden>
          <input type="hidden" name="lat" value={v.lat} />
          <input type="hidden" name="lng" value={v.lng} />
          <button type="button" class="button button-secondary" data-geo-button>
            Dùng vị trí của tôi
          </button>
          <p class="hint" data-geo-status aria-live="polite">
            {v.lat && v.lng ? `Đã lấy vị trí: ${v.lat}, ${v.lng}` : ''}
          </p>
        </div>
        <FileInput
          ctx={ctx}
          name="photos"
          label="Ảnh hiện trường"
          hint={`Tối đa ${MAX_PHOTOS} ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá ${props.maxPhotoMb} MB. Thông tin máy ảnh, ngày giờ và vị trí trong ảnh được xóa trước khi lưu.`}
          optional
          multiple
          accept="image/jpeg,image/png,image/webp"
          error={err('photos')}
        />
        <ChoiceGroup
          ctx={ctx}
          name="photoLocation"
          label="Vị trí chụp ảnh"
          multiple
          values={[v.photoLocation]}
          options={[
            {
              value: 'yes',
              label: 'Giữ vị trí chụp trong ảnh (nếu có) để cơ quan xử lý tìm đúng nơi',
              hint: 'Không đánh dấu: vị trí chụp được xóa khỏi ảnh.',
            },
          ]}
        />
        <h2>Thông tin người gửi</h2>
        <p class="hint">Chỉ cơ quan xử lý được xem; khi công khai câu trả lời, thông tin cá nhân được che.</p>
        <TextInput
          ctx={ctx}
          name="senderName"
          label="Họ và tên"
          value={v.senderName}
          error={err('senderName')}
          autocomplete="name"
          spellcheck={false}
        />
        <TextInput
          ctx={ctx}
          name="senderPhone"
          label="Số điện thoại"
          hint="Nhập số điện thoại hoặc thư điện tử (ít nhất một) để nhận kết quả."
          type="tel"
          width="w20"
          value={v.senderPhone}
          error={err('senderPhone')}
          autocomplete="tel"
        />
        <TextInput
          ctx={ctx}
          name="senderEmail"
          label="Thư điện tử"
          type="email"
          value={v.senderEmail}
          error={err('senderEmail')}
          autocomplete="email"
          spellcheck={false}
        />
        <TextInput
          ctx={ctx}
          name="senderAddress"
          label="Địa chỉ liên hệ"
          value={v.senderAddress}
          error={err('senderAddress')}
          autocomplete="street-address"
        />
        <Button>Gửi phản ánh, kiến nghị</Button>
      </PostForm>
    </Layout>
  );
}

export function SentPage({
  ctx,
  code,
  trackingKey,
  agencyName,
  answerDueAt,
}: {
  ctx: PageContext;
  code: string;
  trackingKey: string;
  agencyName: string;
  answerDueAt: string;
}) {
  const track = `${FEEDBACK_BASE}/tra-cuu?${new URLSearchParams({ code, key: trackingKey })}`;
  return (
    <Layout ctx={ctx} title="Đã gửi phản ánh, kiến nghị">
      <Panel title="Đã gửi phản ánh, kiến nghị">
        Mã phản ánh, kiến nghị
        <br />
        <strong class="code">{code}</strong>
      </Panel>
      <SummaryList
        class="feedback-receipt"
        rows={[
          { key: 'Mã phản ánh, kiến nghị', value: <strong class="code">{code}</strong> },
          { key: 'Mã tra cứu', value: <strong class="code">{trackingKey}</strong> },
          { key: 'Cơ quan xử lý', value: agencyName },
          { key: 'Hạn trả lời', value: formatDateTime(answerDueAt, ctx.lang) },
        ]}
      />
      <p>
        Hãy ghi lại mã phản ánh, kiến nghị và mã tra cứu: bạn cần cả hai để theo dõi kết quả và đánh giá câu trả lời.
      </p>
      <p>
        <a href={track}>Theo dõi phản ánh, kiến nghị này</a>
      </p>
      <p>
        <a href={FEEDBACK_BASE}>Xem các câu trả lời đã công khai</a>
      </p>
    </Layout>
  );
}
