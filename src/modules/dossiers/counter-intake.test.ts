/**
 * Issue 13.10, through the service: at the counter Mẫu 01 lists only the papers the receiver
 * ticked, and a dossier missing papers is not received but guided (Mẫu 02) or refused (Mẫu 03)
 * in the same filing, each slip on one A4 page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { assertOneA4Page, pdfToText } from '../../platform/pdf/testing.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { procedureContent } from '../catalog/testing.ts';
import { dossierSlip, type SlipKind } from './slip-service.ts';
import { type CounterIntake, fileDossier } from './submit.ts';
import { applicant, birthForm, type DossierFixture, dossierFixture, txId } from './testing.ts';

let f: DossierFixture;
let procedure: ProcedureView;
let receiver: Caller;
const OPTIONAL = 'Văn bản ủy quyền';

before(async () => {
  f = await dossierFixture();
  procedure = await f.procedure({
    papers: [
      ...procedureContent().papers,
      { name: OPTIONAL, form: 'certified_copy', copies: 1, template: null, reusable: false, required: false },
    ],
  });
  receiver = await f.staffAt('minhxuanCentre', ['receiver'], 'Nguyễn Thị Kim Oanh');
});
after(() => f.t.close());

const required = () => procedure.papers.filter((p) => p.required).map((p) => p.name);

const atCounter = (papersReceived: string[], intake?: CounterIntake) =>
  fileDossier(
    f.db,
    receiver,
    {
      procedure: procedure.id,
      agencyId: f.agency.minhxuan,
      applicant,
      formData: birthForm,
      papersReceived,
      ...(intake ? { intake } : {}),
    },
    { transactionId: txId('counter') },
    f.at('2026-12-08T02:00:00Z'),
  );

const text = async (code: string, kind: SlipKind) => {
  const bytes = await dossierSlip(f.db, receiver, code, kind, {
    signed: false,
    publicUrl: 'https://dichvucong.example',
  });
  assertOneA4Page(bytes);
  return pdfToText(bytes).replace(/\s+/gu, ' ');
};

test('at the counter, Mẫu 01 lists the papers ticked and not an optional paper left unticked', async () => {
  const without = await atCounter(required());
  const receipt = await text(without.code, 'receipt');
  for (const name of required()) assert.ok(receipt.includes(name), `${name} in:\n${receipt}`);
  assert.ok(!receipt.includes(OPTIONAL), `an unticked optional paper is not listed:\n${receipt}`);
  assert.match(receipt, /NGƯỜI TIẾP NHẬN HỒ SƠ.*Nguyễn Thị Kim Oanh/u, 'the signature block is on the page');
  const withOptional = await atCounter([...required(), OPTIONAL]);
  assert.ok((await text(withOptional.code, 'receipt')).includes(OPTIONAL), 'a ticked optional paper is listed');
});

test('papers missing: the counter guides the applicant with Mẫu 02 listing them, and nothing is received', async () => {
  const [first, ...rest] = required();
  const missing = [{ name: first ?? '', reason: 'Chưa có trong hồ sơ nộp tại quầy' }];
  const view = await atCounter(rest, { kind: 'guide', missingPapers: missing, note: 'Mang bản chính để đối chiếu.' });
  assert.equal(view.state, 'awaiting_supplement');
  assert.equal(view.receivedAt, null);
  const guidance = await text(view.code, 'supplement-request');
  assert.ok(guidance.includes(first ?? '?'), guidance);
  assert.ok(guidance.includes('Mang bản chính để đối chiếu.'), guidance);
  await assert.rejects(text(view.code, 'receipt'), (e: unknown) => {
    assert.ok(e instanceof DomainError && e.code === 'DOSSIER_NOT_RECEIVED_YET');
    return true;
  });
});

test('papers missing: the counter may refuse instead, with Mẫu 03 giving the reason', async () => {
  const reason = 'Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường Minh Xuân.';
  const view = await atCounter([], { kind: 'refuse', reason });
  assert.equal(view.state, 'intake_refused');
  const refusal = await text(view.code, 'intake-refusal');
  assert.ok(refusal.includes(reason), refusal);
  assert.ok(refusal.includes('NGƯỜI TIẾP NHẬN HỒ SƠ'), refusal);
});

test('Mẫu 01 stays one A4 page with its signature block when six long-named papers are received', async () => {
  // As long as the birth registration's ("Thẻ căn cước/Căn cước công dân hoặc tài khoản định danh…").
  const long = (n: number) =>
    `Giấy tờ ${n}: văn bản xác nhận của cơ quan có thẩm quyền về nội dung liên quan đến việc đăng ký`;
  const many = await f.procedure({
    papers: [1, 2, 3, 4, 5, 6].map((n) => ({
      name: long(n),
      form: 'certified_copy' as const,
      copies: 1,
      template: null,
      reusable: false,
      required: n <= 2,
    })),
  });
  const view = await fileDossier(
    f.db,
    receiver,
    {
      procedure: many.id,
      agencyId: f.agency.minhxuan,
      applicant,
      formData: birthForm,
      papersReceived: many.papers.map((p) => p.name),
    },
    { transactionId: txId('counter') },
    f.at('2026-12-08T02:00:00Z'),
  );
  const receipt = await text(view.code, 'receipt');
  for (const n of [1, 2, 3, 4, 5, 6]) assert.ok(receipt.includes(`Giấy tờ ${n}:`), receipt);
  assert.match(receipt, /NGƯỜI TIẾP NHẬN HỒ SƠ/u);
});
