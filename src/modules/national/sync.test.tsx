/**
 * The connector against the national-portal stand-in (a real HTTP server that checks every
 * field): a dossier filed on the portal is pulled, processed by officers through the state
 * machine, and every status reaches the portal; a second pull files nothing; an outage is
 * retried until delivered; reconciliation finds a planted difference and the resend fixes it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { anonymous, type Caller, systemCaller } from '../../platform/auth/caller.ts';
import { outbox } from '../../platform/notify/index.ts';
import type { PageContext } from '../../web/context.ts';
import { messages } from '../../web/i18n/index.ts';
import { renderPage } from '../../web/layout.tsx';
import { addAttachment, dossierForExternalSync, getDossier, takeAction } from '../dossiers/index.ts';
import { dossierAttachments } from '../dossiers/schema.ts';
import { txId } from '../dossiers/testing.ts';
import { nationalReconcileCommand } from './cli.ts';
import { ReconcilePage } from './pages/reconcile-page.tsx';
import { pullNationalDossiers } from './pull-national-dossiers.ts';
import { connector } from './receive-national-dossier.ts';
import { reconcileNational, resendDossier } from './reconcile-national.ts';
import { nationalRoutes } from './routes.ts';
import { nationalDossierSync, nationalFilings, nationalTimeline } from './schema.ts';
import { INBOUND_TOKEN, type NationalBench, nationalApp, nationalBench, samplePdf } from './testing.ts';

const NOW = '2026-11-02T02:00:00Z'; // Monday 09:00 in Hà Giang time
const MA_HO_SO = 'G22.99-261102-0042';
let b: NationalBench;
let code: string;
let app: Awaited<ReturnType<typeof nationalApp>>;

/** A dossier as the national portal lists it: the `HoSo` shape (DOMAIN.md §2.1). */
function filedOnPortal(maHoSo: string, fileName: string) {
  return {
    MaHoSo: maHoSo,
    MaTTHC: '1.001193',
    DonViXuLy: '000.00.41.H60',
    ChuHoSo: 'Lò Thị Mai',
    LoaiDoiTuong: 1,
    SoGiayToChuHoSo: '008190000456',
    SoDienThoai: '0987654321',
    Email: 'lo.thi.mai@example.vn',
    DiaChi: 'Tổ 3, phường Minh Xuân',
    NgayNopHoSo: '20261102083000',
    TrangThaiHoSo: 'receiving',
    TaiKhoanDuocXacThucVoiVNeID: 1,
    TaiLieuNop: [
      {
        TepDinhKemId: `${maHoSo}-1`,
        TenTepDinhKem: fileName,
        MaThanhPhanHoSo: 'Tờ khai đăng ký khai sinh',
        DuongDanTaiTepTin: b.portal.fileUrl(fileName),
      },
    ],
  };
}

const lastPushOf = (maHoSo: string) =>
  b.portal.calls
    .filter((c) => c.service === 'DongBoHoSoMC' && c.answer.error_code === 0)
    .map((c) => {
      const data = c.body.data as Array<Record<string, unknown>>;
      return data.find((h) => h.MaHoSo === maHoSo);
    });

before(async () => {
  b = await nationalBench(NOW);
  b.portal.offer(filedOnPortal(MA_HO_SO, 'to-khai-khai-sinh.pdf'), {
    'to-khai-khai-sinh.pdf': await samplePdf('To khai khai sinh'),
  });
});
after(async () => {
  await app?.close();
  await b.close();
});

test('a dossier filed on the national portal is pulled in as submitted, its papers stored, its code kept', async () => {
  const report = await pullNationalDossiers(b.f.db, b.ctx);
  assert.deepEqual(report.failed, []);
  assert.equal(report.received.length, 1);
  const [received] = report.received;
  assert.ok(received?.created);
  code = received.dossierCode;
  assert.match(code, /^000\.01\.41\.H60-261102-\d{4}$/, 'our own code, from the receiving centre');
  const view = await dossierForExternalSync(b.f.db, code, 'national-portal');
  assert.equal(view.state, 'submitted');
  assert.equal(view.channel, 'online');
  assert.equal(view.applicant?.fullName, 'Lò Thị Mai');
  assert.equal(view.applicant?.personalId, '008190000456');
  const [paper] = view.attachments;
  assert.equal(paper?.paperName, 'Tờ khai đăng ký khai sinh');
  assert.equal(paper?.mime, 'application/pdf');
  const bytes = await b.f.blobs.get(paper?.sha256 ?? '');
  assert.deepEqual(
    bytes,
    await fetch(b.portal.fileUrl('to-khai-khai-sinh.pdf')).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  );
  const [link] = await b.f.db.select().from(nationalFilings).where(eq(nationalFilings.dossierId, view.id));
  assert.equal(link?.nationalCode, MA_HO_SO);
  assert.equal(link?.arrivedBy, 'pull');
});

test('pulling the same dossier again files nothing new', async () => {
  const again = await pullNationalDossiers(b.f.db, b.ctx);
  assert.deepEqual(
    again.received.map((r) => [r.nationalCode, r.dossierCode, r.created]),
    [[MA_HO_SO, code, false]],
  );
  const [{ n }] = (await b.f.db.select({ n: sql<number>`count(*)::int` }).from(nationalFilings)) as [{ n: number }];
  assert.equal(n, 1);
  const staged = await b.f.db
    .select({ n: sql<number>`count(*)::int` })
    .from(dossierAttachments)
    .where(sql`${dossierAttachments.dossierId} is not null`);
  assert.equal(staged[0]?.n, 1, 'one paper, on one dossier');
});

test('an officer processes it through the state machine and every status reaches the portal, checked field by field', async () => {
  const { f } = b;
  await b.dispatch();
  const staff = async (agency: 'minhxuan' | 'minhxuanCentre', role: 'receiver' | 'specialist' | 'leader' | 'clerk') =>
    f.staffAt(agency, [role]);
  const receiver = await staff('minhxuanCentre', 'receiver');
  const specialist = await staff('minhxuan', 'specialist');
  const leader = await staff('minhxuan', 'leader');
  const clerk = await staff('minhxuanCentre', 'clerk');
  const act = async (caller: Caller, action: Parameters<typeof takeAction>[3]) => {
    await takeAction(f.db, caller, code, action, { transactionId: txId('nat') }, { ...f.at(NOW), blobs: f.blobs });
    await b.dispatch();
  };
  await act(receiver, { type: 'receive' });
  await act(receiver, { type: 'complete_step', stepIndex: 0 });
  await act(specialist, {
    type: 'request_payment',
    amount: 8000,
    items: [{ name: 'Lệ phí cấp bản sao trích lục', amount: 8000 }],
  });
  // The payment gateway's confirmation (a system caller), as the payments module records it.
  await act(systemCaller('payments'), {
    type: 'record_payment',
    amount: 8000,
    method: 'online',
    reference: 'VNP14567890',
  });
  await act(specialist, { type: 'complete_step', stepIndex: 1 });
  const draft = await addAttachment(
    f.db,
    f.blobs,
    leader,
    code,
    { kind: 'result', fileName: 'giay-khai-sinh.pdf', bytes: await samplePdf('Giay khai sinh') },
    { maxBytes: 1e6, now: new Date(NOW) },
  );
  await act(leader, { type: 'approve' });
  await act(receiver, { type: 'complete_step', stepIndex: 3 });
  await act(clerk, { type: 'attach_result', attachmentIds: [draft.id], electronic: true });
  await act(receiver, { type: 'deliver', channel: 'counter' });

  const refused = b.portal.calls.filter((c) => c.answer.error_code !== 0);
  assert.deepEqual(
    refused.map((c) => c.answer.message),
    [],
    'the stand-in accepted every field of every push',
  );
  const statuses = lastPushOf(MA_HO_SO).map((h) => h?.TrangThaiHoSo);
  // 1 Mới đăng ký, 2 tiếp nhận, 4 đang xử lý, 6 nghĩa vụ tài chính, 4, 9 đã xử lý xong, 10 đã trả (§1.2)
  for (const s of ['1', '2', '4', '6', '9', '10']) assert.ok(statuses.includes(s), `status ${s} pushed: ${statuses}`);
  assert.equal(statuses.at(-1), '10');
  const held = b.portal.dossiers.get(MA_HO_SO);
  assert.ok(held, 'the portal holds the dossier under its own code');
  assert.equal(held.KenhThucHien, 2);
  // Recorded by hand here, with no paid attempt in the payments module: no online payment
  // (sync-flags.test.ts has the real ones); the portal's own VNeID flag comes back as it came.
  assert.equal(held.DuocThanhToanTrucTuyen, 0);
  assert.equal(held.TaiKhoanDuocXacThucVoiVNeID, 1);
  assert.deepEqual(held.DanhSachLePhi, [
    {
      TenPhiLePhi: 'Lệ phí cấp bản sao trích lục',
      MaPhiLePhi: '1.001193-1',
      HinhThucThu: 1,
      Gia: 8000,
      LoaiPhiLePhi: 1,
    },
  ]);
  const results = held.DanhSachGiayToKetQua as Array<{ GiayToId: string; DuongDanTepTinKetQua: string }>;
  assert.equal(results[0]?.GiayToId, draft.id);
  assert.match(results[0]?.DuongDanTepTinKetQua ?? '', /^https:\/\/dichvucong\.example\/national\/files\//);
  assert.match(String(held.NgayTra), /^\d{14}$/);
  // The first push added, the later ones updated (isUpdating False, then True).
  const pushes = b.portal.calls.filter((c) => c.service === 'DongBoHoSoMC' && c.answer.error_code === 0);
  assert.equal(pushes[0]?.body.isUpdating, 'False');
  assert.ok(pushes.slice(1).every((c) => c.body.isUpdating === 'True'));
  // The timeline: one entry per action, in batches of at most 10, each acknowledged.
  const view = await getDossier(f.db, connector, code);
  const entries = b.portal.timelines.get(MA_HO_SO) ?? [];
  assert.equal(entries.length, view.timeline.length);
  assert.deepEqual(
    entries.map((e) => e.TrangThai),
    view.timeline.map((e) =>
      String(
        { submitted: 1, received: 2, in_progress: 4, awaiting_payment: 6, result_ready: 9, delivered: 10 }[e.toState],
      ),
    ),
  );
  const unsent = await f.db.select().from(nationalTimeline).where(sql`${nationalTimeline.sentAt} is null`);
  assert.equal(unsent.length, 0);
});

test('a portal outage is retried with backoff until the change is delivered', async () => {
  const { f } = b;
  const other = 'G22.99-261102-0043';
  b.portal.offer(filedOnPortal(other, 'to-khai-2.pdf'), { 'to-khai-2.pdf': await samplePdf('To khai 2') });
  await pullNationalDossiers(f.db, b.ctx);
  b.portal.down();
  const failed = await b.dispatch();
  assert.ok(failed.retried >= 1, 'the push failed and waits for a retry');
  assert.equal(b.portal.dossiers.has(other), false);
  const [waiting] = await f.db
    .select()
    .from(outbox)
    .where(eq(outbox.channel, 'national'))
    .orderBy(sql`${outbox.id} desc`)
    .limit(1);
  assert.equal(waiting?.status, 'pending');
  assert.ok((waiting?.attempts ?? 0) >= 1);
  assert.match(waiting?.lastError ?? '', /HTTP 503/);
  b.portal.up();
  // Not before its backoff: nothing is due yet.
  assert.equal((await b.dispatch()).sent, 0);
  b.later(10 * 60_000);
  const later = await b.dispatch();
  assert.ok(later.sent >= 1);
  assert.equal(b.portal.dossiers.get(other)?.TrangThaiHoSo, '1');
});

test('a refusal of the data is dead-lettered at once, not retried for ever', async () => {
  const { f } = b;
  const [row] = await f.db.select().from(nationalDossierSync).where(eq(nationalDossierSync.dossierCode, code));
  assert.ok(row);
  // Plant a bad date in what is queued: the stand-in refuses the field.
  await f.db
    .update(nationalDossierSync)
    .set({ payload: { ...row.payload, NgayHenTra: '2026-11-05' }, sentSeq: null })
    .where(eq(nationalDossierSync.dossierId, row.dossierId));
  await f.db.insert(outbox).values({
    provinceCode: '08',
    channel: 'national',
    topic: 'national.sync',
    payload: { dossierId: row.dossierId, code },
  });
  const counts = await b.dispatch();
  assert.equal(counts.dead, 1);
  const refusal = b.portal.calls.at(-1);
  assert.match(refusal?.answer.message ?? '', /HoSo\.NgayHenTra: not a yyyyMMddHHmmss date/);
});

test('reconciliation finds a planted difference and the one-click resend fixes it', async () => {
  const { f } = b;
  // The resend rebuilds from the dossier itself, whatever was queued.
  b.portal.tamper(MA_HO_SO, 'TrangThaiHoSo', '4');
  const report = await reconcileNational(f.db, '2026-11-02', b.ctx);
  const row = report.find((r) => r.maHoSo === MA_HO_SO);
  assert.equal(row?.verdict, 'differs');
  assert.deepEqual(
    row?.differences.find((d) => d.field === 'TrangThaiHoSo'),
    { field: 'TrangThaiHoSo', ours: '10', theirs: '4' },
  );
  const queued = await resendDossier(f.db, code, b.ctx);
  assert.equal(queued.queued, true);
  await b.dispatch();
  assert.equal(b.portal.dossiers.get(MA_HO_SO)?.TrangThaiHoSo, '10');
  const again = await reconcileNational(f.db, '2026-11-02', b.ctx);
  assert.equal(again.find((r) => r.maHoSo === MA_HO_SO)?.verdict, 'same');
  assert.ok(
    again.every((r) => r.verdict === 'same'),
    JSON.stringify(again),
  );
});

test('mocua national reconcile reports the difference, resends with --resend, then agrees', async () => {
  b.portal.tamper(MA_HO_SO, 'NgayTra', '');
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  assert.equal(await nationalReconcileCommand(b.f.db, b.ctx, '2026-11-31', { resend: false, print }), 2);
  assert.equal(await nationalReconcileCommand(b.f.db, b.ctx, '2026-11-02', { resend: true, print }), 1);
  assert.ok(
    lines.some((l) => l.startsWith(`${code}\t${MA_HO_SO}\tdiffers\tNgayTra: `)),
    lines.join('\n'),
  );
  assert.ok(lines.some((l) => l.includes('đã xếp hàng gửi lại')));
  await b.dispatch();
  lines.length = 0;
  assert.equal(
    await nationalReconcileCommand(b.f.db, b.ctx, '2026-11-02', { resend: false, print }),
    0,
    lines.join('\n'),
  );
});

test('an expired session is renewed once and the call goes through', async () => {
  b.portal.expireSessions();
  const answer = await b.ctx.adapter?.call('TraCuuHoSo', { mahoso: MA_HO_SO });
  assert.equal(answer?.error_code, 0);
});

test('the portal pushes a dossier with its token; a second push, or a push of a pulled one, files nothing new', async () => {
  app = await nationalApp(b, nationalRoutes);
  const pushed = 'G22.99-261102-0050';
  b.portal.serve({ 'to-khai-3.pdf': await samplePdf('To khai 3') });
  const body = { service: 'DongBoHoSoMC', isUpdating: 'False', data: filedOnPortal(pushed, 'to-khai-3.pdf') };
  const post = (payload: unknown, token = INBOUND_TOKEN) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/national/dossiers',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const refused = await post(body, 'sai-ma-xac-thuc-sai-ma-xac-thuc-sai-ma');
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.json().error.code, 'NATIONAL_PUSH_UNAUTHORISED');
  const first = await post(body);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().error_code, 0);
  const ours = first.json().result.MaHoSoTinh as string;
  assert.match(ours, /^000\.01\.41\.H60-261102-\d{4}$/);
  const again = await post(body);
  assert.equal(again.json().result.MaHoSoTinh, ours);
  assert.match(again.json().message, /trước đó/);
  const pulledOne = await post({ ...body, data: filedOnPortal(MA_HO_SO, 'to-khai-khai-sinh.pdf') });
  assert.equal(pulledOne.json().result.MaHoSoTinh, code);
  const [{ n }] = (await b.f.db.select({ n: sql<number>`count(*)::int` }).from(nationalFilings)) as [{ n: number }];
  assert.equal(n, 3, 'the pulled, the one pulled during the outage test, the pushed one');
  const [link] = await b.f.db.select().from(nationalFilings).where(eq(nationalFilings.nationalCode, pushed));
  assert.equal(link?.arrivedBy, 'push');
  const bad = await post({ ...body, data: { ...body.data, NgayNopHoSo: '2026-11-02' } });
  assert.equal(bad.statusCode, 400);
});

test('the result link the portal got downloads the file; a changed signature does not', async () => {
  const held = b.portal.dossiers.get(MA_HO_SO);
  const [result] = (held?.DanhSachGiayToKetQua ?? []) as Array<{ DuongDanTepTinKetQua: string }>;
  const url = new URL(result?.DuongDanTepTinKetQua ?? '');
  const ok = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers['content-type'], 'application/pdf');
  assert.ok(ok.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
  const forged = await app.inject({ method: 'GET', url: `${url.pathname}${url.search.replace(/s=./, 's=A')}` });
  assert.equal(forged.statusCode, 404);
});

test('the reconciliation page lists the differing dossier with its fields and a resend button', async () => {
  b.portal.tamper(MA_HO_SO, 'DanhSachLePhi', []);
  const report = await reconcileNational(b.f.db, '2026-11-02', b.ctx);
  const ctx: PageContext = {
    area: 'workspace',
    lang: 'vi',
    t: messages('vi'),
    url: '/workspace/national?ngay=2026-11-02',
    csrf: 'ma-csrf',
    caller: anonymous,
    userName: null,
    requestId: 'test',
  };
  const html = renderPage(
    <ReconcilePage
      ctx={ctx}
      data={{ date: '2026-11-02', report, disabled: false, resent: '', counts: { pending: 0, dead: 1 } }}
    />,
  );
  assert.match(html, /Đối soát với Cổng Dịch vụ công quốc gia/);
  assert.match(html, /0 lượt đang chờ gửi, 1 lượt đã dừng gửi/);
  const rowHtml = html.slice(html.indexOf(`<td>${code}</td>`));
  assert.match(rowHtml, /Khác nhau/);
  assert.match(rowHtml, /DanhSachLePhi: Lệ phí cấp bản sao trích lục=8000 \/ \(trống\)/);
  assert.match(rowHtml, /<form method="post" action="\/workspace\/national\/resend"/);
  assert.match(rowHtml, new RegExp(`name="code" value="${code.replaceAll('.', '\\.')}"`));
  assert.match(rowHtml, /name="_csrf" value="ma-csrf"/);
  assert.match(rowHtml, /Gửi lại/);
});
