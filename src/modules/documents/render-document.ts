/**
 * The PDF of an outgoing document drafted in Mở Cửa, laid out as Decree 30/2020/NĐ-CP Annex I
 * asks: issuer top left with "Số: …/…", national name and motto top right with the place and
 * date line, the type and subject (or "V/v …" for a công văn), the body, the signer's block and
 * "Nơi nhận". The number and the date stay blank, as on paper: they are taken when the clerk
 * issues the document, after the leader's signature (Art. 15). Their two lines are read-only
 * text fields (platform/pdf `fillTextFields`), which the issue fills before the agency's
 * signature without touching the signed pages (docs/documents.md, "Number and date").
 */

import type { Executor } from '../../platform/db/index.ts';
import { PdfComposer } from '../../platform/pdf/index.ts';
import { agencyById } from '../directory/index.ts';
import { DATE_FIELD, NUMBER_FIELD, numberLine } from './numbering.ts';
import type { SignerInfo } from './schema.ts';

export interface RenderInput {
  agencyId: string;
  place: string;
  typeCode: string;
  typeName: string;
  codeNotation: string;
  subject: string;
  content: string;
  signer: SignerInfo | null;
  toPlaces: readonly string[];
  year: number;
}

export async function renderOutgoingPdf(db: Executor, input: RenderInput): Promise<Uint8Array> {
  const agency = await agencyById(db, input.agencyId);
  const parent = agency?.parentId ? await agencyById(db, agency.parentId) : undefined;
  const doc = new PdfComposer({ title: `${input.typeName}: ${input.subject}`, author: agency?.name ?? '' });
  const isLetter = input.typeCode === '';
  doc.nationalHeader({
    ...(parent ? { parentAgency: parent.name.toUpperCase() } : {}),
    agency: (agency?.name ?? '').toUpperCase(),
    reference: `${numberLine(null, input.codeNotation)}${isLetter ? `\nV/v ${input.subject}` : ''}`,
    placeAndDate: `${input.place}, ngày      tháng      năm ${input.year}`,
    fields: { reference: NUMBER_FIELD, placeAndDate: DATE_FIELD },
  });
  if (!isLetter) doc.title(input.typeName.toUpperCase(), input.subject);
  for (const para of input.content.split(/\n{2,}/u)) {
    const text = para.trim();
    if (text) doc.paragraph(text, { align: 'left', indent: 28 });
  }
  const competence = input.signer?.competence ? `${input.signer.competence} ` : '';
  doc.signatureBlock({
    right: {
      title: `${competence}${(input.signer?.position ?? 'THỦ TRƯỞNG CƠ QUAN').toUpperCase()}`,
      note: '(Ký số)',
      name: input.signer?.fullName ?? '',
    },
    recipients: input.toPlaces,
  });
  return doc.save();
}
