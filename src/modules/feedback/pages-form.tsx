/**
 * The portal form "Gửi phản ánh, kiến nghị" (/phan-anh-kien-nghi/gui): one plain form post
 * with its CSRF token and a client transaction id, so it works without script and a form
 * sent twice makes one item. The service checks the §8.1 sender details and returns every
 * problem at once; the page adds its own checks (kind, category, subject, content) so the
 * error summary lists everything in one go. Then Post/Redirect/Get to the confirmation.
 */
import type { FastifyInstance } from 'fastify';
import { anonymous } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Problem } from '../../web/components/form.tsx';
import { pageContext } from '../../web/context.ts';
import { type FormBody, field, problemsOf, queryOf, seeOther, sendPage, transactionIdOf } from '../../web/http.tsx';
import { listCommunes } from '../directory/index.ts';
import { feedbackCategories, suggestCategory } from './categories.ts';

/** The catch-all category (data/feedback/categories.json) when the words point nowhere. */
const OTHER_CATEGORY = 'khac';

import { FEEDBACK_CODE } from './codes.ts';
import { submitFeedback } from './intake.ts';
import {
  type Commune,
  FEEDBACK_BASE,
  FEEDBACK_FORM,
  FeedbackFormPage,
  type FeedbackFormValues,
  SentPage,
} from './pages-form-view.tsx';
import { attachmentOf, photoProblem, readFeedbackPost, type StoredPhoto, storePhoto } from './photos.ts';
import type { FeedbackKind } from './schema.ts';
import { validateSender } from './sender.ts';
import { getFeedback } from './views.ts';

const SENT = `${FEEDBACK_BASE}/da-gui`;

const EMPTY: FeedbackFormValues = {
  kind: '',
  categoryCode: '',
  subject: '',
  content: '',
  dossierCode: '',
  communeCode: '',
  placeAddress: '',
  lat: '',
  lng: '',
  senderName: '',
  senderPhone: '',
  senderEmail: '',
  senderAddress: '',
  photoLocation: '',
};

/** The service's field names → the form's input names. */
const INPUT_OF: Record<string, keyof FeedbackFormValues> = {
  'sender.fullName': 'senderName',
  'sender.phone': 'senderPhone',
  'sender.email': 'senderEmail',
  'sender.address': 'senderAddress',
};
const inputOf = (f: string) => INPUT_OF[f] ?? f;

/** Errors that name no field but belong to one. */
const FIELD_OF_CODE: Record<string, keyof FeedbackFormValues> = {
  FEEDBACK_CATEGORY_UNKNOWN: 'categoryCode',
  FEEDBACK_COMMUNE_UNKNOWN: 'communeCode',
  FEEDBACK_CONTENT_REQUIRED: 'content',
};

const LIMITS: Partial<Record<keyof FeedbackFormValues, number>> = {
  subject: 200,
  content: 8000,
  dossierCode: 60,
  senderName: 200,
  senderPhone: 30,
  senderEmail: 254,
  senderAddress: 500,
  placeAddress: 500,
  lat: 20,
  lng: 20,
  photoLocation: 3,
};

function readFeedbackForm(body: FormBody): FeedbackFormValues {
  const out = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as Array<keyof FeedbackFormValues>) {
    out[key] = field(body, key).slice(0, LIMITS[key] ?? 60);
  }
  return out;
}

/** A latitude or longitude as the device gives it, within Việt Nam's rough bounds; else none. */
function coordinate(text: string, min: number, max: number): number | undefined {
  if (!/^-?\d{1,3}(\.\d{1,8})?$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/** The place: the commune, the address typed, and the device's location when the sender shared it. */
function placeOf(v: FeedbackFormValues) {
  const lat = coordinate(v.lat, 8, 24);
  const lng = coordinate(v.lng, 102, 110);
  const place = {
    ...(v.communeCode ? { communeCode: v.communeCode } : {}),
    ...(v.placeAddress ? { address: v.placeAddress } : {}),
    ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
  };
  return Object.keys(place).length > 0 ? place : undefined;
}

const isKind = (k: string): k is FeedbackKind => k === 'report' || k === 'proposal';

/** The page's own checks, in the order of the form. */
function ownProblems(v: FeedbackFormValues): Problem[] {
  const problems: Problem[] = [];
  if (!isKind(v.kind)) problems.push({ field: 'kind', message: 'Vui lòng chọn phản ánh hoặc kiến nghị.' });
  // Left empty, the category is chosen from the sender's words (suggestCategory).
  if (v.categoryCode !== '' && !feedbackCategories().some((c) => c.code === v.categoryCode))
    problems.push({ field: 'categoryCode', message: 'Chọn nhóm nội dung trong danh sách.' });
  if (v.subject.length < 3) problems.push({ field: 'subject', message: 'Vui lòng nhập tiêu đề (ít nhất 3 ký tự).' });
  if (v.content.length < 10)
    problems.push({ field: 'content', message: 'Vui lòng nhập nội dung phản ánh, kiến nghị (ít nhất 10 ký tự).' });
  return problems;
}

/** The §8.1 sender problems, from the service's own rule (the form always asks for the address). */
function senderProblems(v: FeedbackFormValues): Problem[] {
  try {
    validateSender(
      { fullName: v.senderName, phone: v.senderPhone, email: v.senderEmail, address: v.senderAddress },
      { requireAddress: true },
    );
    return [];
  } catch (err) {
    return problemsOf(err, inputOf);
  }
}

export function feedbackFormRoutes(app: FastifyInstance): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const feedbackContext = () => ({
    provinceCode: config.provinceCode,
    publicUrl: app.deps.services.publicUrl,
  });

  const communes = (): Promise<Commune[]> => listCommunes(db(), config.provinceCode);
  const maxPhotoMb = () => Math.round((config.uploadMaxBytes / (1024 * 1024)) * 10) / 10;

  app.get(FEEDBACK_FORM, { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const values = { ...EMPTY, senderName: ctx.userName ?? '' };
    return sendPage(
      reply,
      <FeedbackFormPage ctx={ctx} values={values} communes={await communes()} maxPhotoMb={maxPhotoMb()} />,
    );
  });

  app.post(FEEDBACK_FORM, { schema: { hide: true } }, async (request, reply) => {
    const maxBytes = config.uploadMaxBytes;
    const posted = await readFeedbackPost(request, maxBytes);
    const body = posted.body;
    const v = readFeedbackForm(body);
    const own = [...ownProblems(v), ...posted.problems];
    const rerender = async (problems: Problem[]) => {
      const ctx = pageContext(request, reply, 'portal');
      return sendPage(
        reply,
        <FeedbackFormPage
          ctx={ctx}
          values={v}
          communes={await communes()}
          problems={problems}
          maxPhotoMb={maxPhotoMb()}
        />,
        422,
      );
    };
    // A file input cannot be filled again: after an error the sender chooses the photos again.
    const again = (problems: Problem[]) =>
      posted.photos.length > 0 && !problems.some((p) => p.field === 'photos')
        ? [...problems, { field: 'photos', message: 'Vui lòng chọn lại ảnh sau khi sửa các lỗi trên.' }]
        : problems;
    if (own.length > 0) return rerender(again([...own, ...senderProblems(v)]));
    const sender = senderProblems(v);
    if (sender.length > 0) return rerender(again(sender));
    const stored: StoredPhoto[] = [];
    const photoProblems: Problem[] = [];
    for (const photo of posted.photos) {
      try {
        stored.push(
          await storePhoto(app.deps.services.blobs, photo.bytes, {
            maxBytes,
            keepLocation: v.photoLocation === 'yes',
            fileName: photo.fileName,
          }),
        );
      } catch (err) {
        photoProblems.push(photoProblem(err, photo.fileName, maxBytes));
      }
    }
    if (photoProblems.length > 0) return rerender(again(photoProblems));
    try {
      const receipt = await submitFeedback(
        db(),
        request.caller,
        {
          channel: 'portal',
          kind: isKind(v.kind) ? v.kind : 'report',
          categoryCode: v.categoryCode || (suggestCategory(`${v.subject} ${v.content}`)?.code ?? OTHER_CATEGORY),
          subject: v.subject,
          content: v.content,
          dossierCode: v.dossierCode || undefined,
          place: placeOf(v),
          attachments: stored.map(attachmentOf),
          sender: { fullName: v.senderName, phone: v.senderPhone, email: v.senderEmail, address: v.senderAddress },
        },
        { transactionId: transactionIdOf(body) },
        feedbackContext(),
      );
      const query = new URLSearchParams({ ma: receipt.code, key: receipt.trackingKey });
      return seeOther(reply, `${SENT}?${query}`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const mapped = FIELD_OF_CODE[err.code];
      const problems = mapped ? [{ field: mapped, message: err.message }] : problemsOf(err, inputOf);
      return rerender(again(problems));
    }
  });

  app.get(SENT, { schema: { hide: true } }, async (request, reply) => {
    const q = queryOf(request);
    const code = (q.ma ?? '').trim().toUpperCase();
    const key = (q.key ?? '').trim();
    // The receipt is shown again only to whoever holds the key (it carries no contact details).
    if (!FEEDBACK_CODE.test(code) || !key || key.length > 20) throw new DomainError('FEEDBACK_NOT_FOUND');
    const view = await getFeedback(db(), anonymous, config.provinceCode, code, { trackingKey: key }).catch((err) => {
      // A wrong key reads as an unknown code (no probing).
      throw err instanceof DomainError ? new DomainError('FEEDBACK_NOT_FOUND') : err;
    });
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(
      reply,
      <SentPage
        ctx={ctx}
        code={view.code}
        trackingKey={key}
        agencyName={view.agency.name}
        answerDueAt={view.answerDueAt}
      />,
    );
  });
}
