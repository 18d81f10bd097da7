/**
 * The visible signature of Decree 30/2020 Annex I: the competent person's signature image (blue,
 * transparent PNG) at the signature position; the agency's seal image (red, transparent PNG,
 * actual size) over about a third of the signature image, on its left; and the signature's
 * information beside them in italic 10 pt black — who signed (the agency's name for its seal
 * signature) and the signing time in ISO 8601 with the Vietnam offset (2026-12-07T09:15:02+07:00).
 * Drawn as the signature widget's appearance, so a later signature's appearance leaves the signed
 * pages untouched.
 */
import {
  measureText,
  PDF,
  type PDFEmbeddedPage,
  PdfArray,
  PdfDict,
  PdfName,
  PdfNumber,
  type PdfObject,
  PdfStream,
  rgb,
} from '@libpdf/core';
import { loadFontFiles } from './fonts.ts';

export interface SignatureAppearance {
  /** 0-based page; default the last page. */
  page?: number;
  /** The widget's box in points from the page's bottom-left corner. */
  rect: { x: number; y: number; width: number; height: number };
  signatureImage?: Uint8Array;
  sealImage?: Uint8Array;
  /**
   * The signature's information, one line each (e.g. "Ký bởi: Ủy ban nhân dân phường Minh Xuân");
   * the line "Thời gian ký: <ISO 8601>" is added under them.
   */
  caption?: readonly string[];
  /**
   * The agency's signature on an attachment in a separate file (Decree 30 Annex I §II.8b): no
   * image, the text upright (not italic), in the top right corner of the first page; `rect.x`
   * and `rect.y` are then the margins from the page's right and top edges.
   */
  textOnly?: boolean;
}

/** The agency's text-only signature box of an attachment: 10 mm from the top and right edges. */
export const ATTACHMENT_SIGNATURE_BOX = { x: 28, y: 28, width: 230, height: 46 } as const;

/** 2026-12-07T09:15:02+07:00: ISO 8601 in Vietnam time (UTC+7, no daylight saving). */
export function iso8601Vietnam(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

const CAPTION_SIZE = 10;

/** The caption as a one-page PDF of the widget's size (fonts subset there), embedded as a form. */
async function captionForm(pdf: PDF, look: SignatureAppearance, at: Date, left: number): Promise<PDFEmbeddedPage> {
  const { width, height } = look.rect;
  const source = PDF.create();
  const page = source.addPage({ width, height });
  const fonts = loadFontFiles();
  const font = source.embedFont(look.textOnly ? fonts.regular : fonts.italic);
  const lines = [...(look.caption ?? []), `Thời gian ký: ${iso8601Vietnam(at)}`];
  const room = Math.max(width - left, 1);
  // Decree 30's 10 pt, smaller only when a line would not fit the box.
  const widest = Math.max(...lines.map((line) => measureText(line, font, CAPTION_SIZE)));
  const size = Math.max(5, Math.min(CAPTION_SIZE, (CAPTION_SIZE * room) / widest, height / (lines.length * 1.25)));
  const top = (height + lines.length * size * 1.25) / 2;
  lines.forEach((line, i) => {
    page.drawText(line, { x: left, y: top - (i + 1) * size * 1.25 + size * 0.25, font, size, color: rgb(0, 0, 0) });
  });
  return pdf.embedPage(await PDF.load(await source.save()), 0);
}

const n = (value: number) => Number(value.toFixed(2)).toString();

/**
 * The widget's form XObject: the seal at the left, over the first third of the signature image;
 * with a caption, the images keep the left part of the box and the caption the rest.
 */
export async function appearanceStream(pdf: PDF, given: SignatureAppearance, at: Date): Promise<PdfStream> {
  let look = given;
  const { width, height } = look.rect;
  const xobjects: Record<string, PdfObject> = {};
  const ops: string[] = [];
  if (look.textOnly) look = { rect: look.rect, caption: look.caption ?? [], textOnly: true };
  const hasImage = Boolean(look.sealImage || look.signatureImage);
  const imagesWidth = look.caption && hasImage ? width * 0.45 : width;
  const seal = look.sealImage ? pdf.embedImage(look.sealImage) : undefined;
  const sealSize = seal ? Math.min(height, imagesWidth / 2) : 0;
  if (look.signatureImage) {
    const image = pdf.embedImage(look.signatureImage);
    xobjects.Sig = image.ref;
    // The signature image starts under the seal's right part: the seal covers its left third.
    const left = seal ? (sealSize * 2) / 3 : 0;
    const scale = Math.min((imagesWidth - left) / image.width, height / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    ops.push(`q ${n(w)} 0 0 ${n(h)} ${n(left)} ${n((height - h) / 2)} cm /Sig Do Q`);
  }
  if (seal) {
    xobjects.Seal = seal.ref;
    ops.push(`q ${n(sealSize)} 0 0 ${n(sealSize)} 0 ${n((height - sealSize) / 2)} cm /Seal Do Q`);
  }
  if (look.caption) {
    const caption = await captionForm(pdf, look, at, hasImage ? imagesWidth + 4 : 0);
    xobjects.Txt = caption.ref;
    ops.push('q /Txt Do Q');
  }
  return PdfStream.fromDict(
    {
      Type: PdfName.of('XObject'),
      Subtype: PdfName.of('Form'),
      BBox: PdfArray.of(PdfNumber.of(0), PdfNumber.of(0), PdfNumber.of(width), PdfNumber.of(height)),
      Resources: PdfDict.of({ XObject: PdfDict.of(xobjects) }),
    },
    new TextEncoder().encode(ops.join('\n')),
  );
}
