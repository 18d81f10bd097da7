/**
 * A dossier filed on the national portal enters our lifecycle as `submitted` (DOMAIN.md §1.1
 * "Design consequence"; payments-sync-sso.md §3.2): its papers fetched from the portal's
 * download links into the blob store, the dossier filed through the dossiers module, the national
 * code kept beside ours. Idempotent on the national code: the same dossier pushed twice, pulled
 * twice, or pushed then pulled, is one dossier (the link's primary key, and the filing's
 * transaction id `national:<MaHoSo>` if a crash came between the two).
 */
import { eq } from 'drizzle-orm';
import { systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { getProcedure } from '../catalog/index.ts';
import { agencyByCode } from '../directory/index.ts';
import { acceptExternalFiling, type ExternalPaper } from '../dossiers/index.ts';
import type { NationalContext } from './context.ts';
import './errors.ts';
import { parseNationalDateTime } from './format.ts';
import type { IncomingHoSo } from './inbound-schema.ts';
import { nationalFilings } from './schema.ts';

/** The name the connector acts under (audit, transaction scope, uploads). */
export const CONNECTOR = 'national-portal';
export const connector = systemCaller(CONNECTOR);

const applicantTypes = { 1: 'citizen', 2: 'business', 3: 'agency', 4: 'other' } as const;

async function fetchPaper(url: string, maxBytes: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: 'error' });
  } catch {
    throw new DomainError('NATIONAL_PAPER_UNREACHABLE', { url });
  }
  if (!response.ok) throw new DomainError('NATIONAL_PAPER_UNREACHABLE', { url, status: response.status });
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new DomainError('UPLOAD_TOO_LARGE', { url, size: declared, maxBytes });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new DomainError('UPLOAD_TOO_LARGE', { url, size: bytes.byteLength, maxBytes });
  return bytes;
}

export interface ReceivedNational {
  nationalCode: string;
  dossierCode: string;
  /** False when the national code was already ours: nothing new was filed. */
  created: boolean;
}

export async function receiveNationalDossier(
  db: Executor,
  hoSo: IncomingHoSo,
  arrivedBy: 'push' | 'pull',
  ctx: NationalContext,
): Promise<ReceivedNational> {
  const [known] = await db.select().from(nationalFilings).where(eq(nationalFilings.nationalCode, hoSo.MaHoSo));
  if (known) return { nationalCode: known.nationalCode, dossierCode: known.dossierCode, created: false };
  const procedure = await getProcedure(db, hoSo.MaTTHC, { provinceCode: ctx.provinceCode });
  const agency = hoSo.DonViXuLy ? await agencyByCode(db, hoSo.DonViXuLy) : undefined;
  const papers: ExternalPaper[] = [];
  for (const paper of hoSo.TaiLieuNop) {
    papers.push({
      paperName: paper.MaThanhPhanHoSo ?? '',
      fileName: paper.TenTepDinhKem,
      bytes: await fetchPaper(paper.DuongDanTaiTepTin, ctx.uploadMaxBytes),
    });
  }
  const view = await acceptExternalFiling(
    db,
    ctx.blobs,
    connector,
    {
      procedure: procedure.id,
      ...(agency ? { agencyId: agency.id } : {}),
      applicant: {
        type: applicantTypes[(hoSo.LoaiDoiTuong ?? 1) as 1 | 2 | 3 | 4],
        fullName: hoSo.ChuHoSo,
        ...(hoSo.SoGiayToChuHoSo ? { personalId: hoSo.SoGiayToChuHoSo } : {}),
        ...(hoSo.SoDienThoai ? { phone: hoSo.SoDienThoai } : {}),
        ...(hoSo.Email ? { email: hoSo.Email } : {}),
        ...(hoSo.DiaChi ? { address: hoSo.DiaChi } : {}),
      },
      papers,
      ...(hoSo.TaiKhoanDuocXacThucVoiVNeID !== undefined
        ? { vneidVerified: hoSo.TaiKhoanDuocXacThucVoiVNeID === 1 }
        : {}),
    },
    { transactionId: `national:${hoSo.MaHoSo}`, maxBytes: ctx.uploadMaxBytes },
    { provinceCode: ctx.provinceCode, now: ctx.now(), publicUrl: ctx.publicUrl, blobs: ctx.blobs },
  );
  const [linked] = await db
    .insert(nationalFilings)
    .values({
      nationalCode: hoSo.MaHoSo,
      provinceCode: ctx.provinceCode,
      dossierId: view.id,
      dossierCode: view.code,
      arrivedBy,
      filedAt: hoSo.NgayNopHoSo ? parseNationalDateTime(hoSo.NgayNopHoSo) : null,
    })
    .onConflictDoNothing()
    .returning();
  return { nationalCode: hoSo.MaHoSo, dossierCode: view.code, created: linked !== undefined };
}
