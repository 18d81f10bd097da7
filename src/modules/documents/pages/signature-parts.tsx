/**
 * The signatures on the document page, in Vietnamese: those of its PDF as verified now, and,
 * for a document received over the hub (edXML), the verdict stored when it arrived (every
 * signature checked by platform/pdf verifyPdf: integrity, chain, validity at signing time,
 * changes after signing). A signature whose signed bytes or pages changed is "tampered".
 */
import { formatDateTime } from '../../../web/components/format.ts';
import type { PageContext } from '../../../web/context.ts';
import type { DocumentView } from '../document-view.ts';
import type { ReceivedVerification } from '../edxml/schema.ts';

type StoredSignature = ReceivedVerification['files'][number]['signatures'][number];

const verdictLabels: Record<string, string> = {
  valid: 'Hợp lệ',
  invalid: 'Không hợp lệ',
  indeterminate: 'Chưa xác định được',
};

const packageLabels: Record<ReceivedVerification['verdict'], string> = {
  valid: 'Mọi chữ ký số đều hợp lệ.',
  invalid: 'Có chữ ký số không hợp lệ: văn bản có thể đã bị sửa đổi hoặc chữ ký bị giả mạo.',
  indeterminate: 'Chữ ký số khớp với nội dung nhưng chưa xác định được đầy đủ (xem lý do ở từng chữ ký).',
  unsigned: 'Văn bản nhận được không có chữ ký số.',
};

const badgeLabels: Record<ReceivedVerification['verdict'], string> = {
  ...(verdictLabels as Record<'valid' | 'invalid' | 'indeterminate', string>),
  unsigned: 'Không có chữ ký số',
};

const verdictLabel = (verdict: string): string => verdictLabels[verdict] ?? verdict;

/** "CN=Sở Tư pháp tỉnh Tuyên Quang, O=…" → "Sở Tư pháp tỉnh Tuyên Quang". */
function commonNameOfSubject(subject: string): string {
  const match = /(?:^|,\s*)CN=((?:\\.|[^,\\])+)/u.exec(subject);
  return (match?.[1] ?? subject).replace(/\\(.)/gu, '$1');
}

/** Tampered: the signed bytes no longer match, or the pages changed after signing. */
const isTampered = (s: StoredSignature): boolean => !s.integrityValid || s.changesAfterSigning === 'content-changed';

/** The verdict and the verifier's reasons (platform/pdf writes them in Vietnamese). */
function storedLine(s: StoredSignature): string {
  const reasons = s.reasons.length ? `: ${s.reasons.join('; ')}` : '';
  return `${verdictLabel(s.verdict)}${reasons}`;
}

function ReceivedSignatures({ ctx, received }: { ctx: PageContext; received: ReceivedVerification }) {
  const kind = received.verdict === 'valid' ? 'tag-green' : received.verdict === 'invalid' ? 'tag-red' : 'tag-yellow';
  return (
    <section aria-labelledby="received-signatures" data-received-verdict={received.verdict}>
      <h2 id="received-signatures">Kiểm tra chữ ký số khi nhận</h2>
      <p>
        <strong class={`tag ${kind}`}>{badgeLabels[received.verdict]}</strong> {packageLabels[received.verdict]} Kiểm
        tra lúc <time dateTime={received.checkedAt}>{formatDateTime(received.checkedAt, ctx.lang)}</time>.
      </p>
      <ul class="list">
        {received.files.map((f) => (
          <li key={f.name}>
            <strong>{f.name}</strong>
            {f.problem ? ': không đọc được tệp PDF.' : f.signatures.length === 0 ? ': không có chữ ký số.' : null}
            {f.signatures.length ? (
              <ul class="list">
                {f.signatures.map((s) => (
                  <li key={s.fieldName} data-tampered={isTampered(s) ? 'true' : undefined}>
                    Người ký: <strong>{commonNameOfSubject(s.signer)}</strong>
                    {s.signingTime ? (
                      <>
                        , thời gian ký <time dateTime={s.signingTime}>{formatDateTime(s.signingTime, ctx.lang)}</time>
                      </>
                    ) : null}
                    {' — '}
                    {isTampered(s) ? <strong class="tag tag-red">Đã bị sửa đổi sau khi ký</strong> : null}{' '}
                    {storedLine(s)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SignatureSections({ ctx, view }: { ctx: PageContext; view: DocumentView }) {
  return (
    <>
      {view.received ? <ReceivedSignatures ctx={ctx} received={view.received} /> : null}
      {view.signatures.length ? (
        <>
          <h2>Chữ ký số</h2>
          <ul class="list signatures">
            {view.signatures.map((s, i) => (
              <li key={i}>
                <strong>{s.signer}</strong> — {verdictLabel(s.verdict)}
                {s.at ? (
                  <>
                    {' '}
                    (<time dateTime={s.at}>{formatDateTime(s.at, ctx.lang)}</time>)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
