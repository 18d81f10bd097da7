/**
 * Read-only text fields whose text is filled in after the page was signed: the number and the
 * date of an official document, taken when the clerk issues it, after the competent person's
 * signature (Decree 30/2020/NĐ-CP Art. 15; its Annex I: "Số" and the place-and-date line). The
 * text is the appearance of a form-field widget, not page content, so filling it is an
 * incremental update that leaves every page's content as signed: the earlier signature still
 * verifies (ISO 32000-1 §12.8.2.2: filling in form fields is a change a signature without
 * DocMDP permits; `verify.ts` lets widgets change and refuses changed pages), and the agency's
 * signature made after the fill covers the filled text.
 */
import {
  measureText,
  PDF,
  PdfArray,
  PdfDict,
  PdfName,
  PdfNumber,
  type PdfRef,
  PdfStream,
  PdfString,
  rgb,
} from '@libpdf/core';
import { acroFormOf, asDict } from './acro-form.ts';
import { DomainError } from './errors.ts';
import { loadFontFiles } from './fonts.ts';

interface TextFieldLook {
  /** 0-based page. */
  page: number;
  /** The widget's box in points from the page's bottom-left corner (see `fromTopRight`). */
  rect: { x: number; y: number; width: number; height: number };
  /** `rect.x` and `rect.y` are the margins from the page's right and top edges (a page of unknown size). */
  fromTopRight?: boolean;
  size: number;
  italic?: boolean;
  align?: 'left' | 'center' | 'right';
}

export interface TextFieldSlot extends TextFieldLook {
  name: string;
  /** What the field shows until it is filled, e.g. "Số:      /QĐ-STP". */
  text: string;
}

/** The text as a form XObject of the widget's size, the font subset in it. */
async function appearanceOf(pdf: PDF, look: TextFieldLook, text: string): Promise<PdfRef> {
  const { width, height } = look.rect;
  const source = PDF.create();
  const page = source.addPage({ width, height });
  const fonts = loadFontFiles();
  const font = source.embedFont(look.italic ? fonts.italic : fonts.regular);
  // The size asked for, smaller only when the text would not fit the box.
  const size = Math.max(5, Math.min(look.size, (look.size * width) / Math.max(measureText(text, font, look.size), 1)));
  const textWidth = measureText(text, font, size);
  const x = look.align === 'left' ? 0 : look.align === 'right' ? width - textWidth : (width - textWidth) / 2;
  page.drawText(text, { x, y: (height - size) / 2 + size * 0.22, font, size, color: rgb(0, 0, 0) });
  const embedded = await pdf.embedPage(await PDF.load(await source.save({ subsetFonts: true })), 0);
  const stream = PdfStream.fromDict(
    {
      Type: PdfName.of('XObject'),
      Subtype: PdfName.of('Form'),
      BBox: PdfArray.of(PdfNumber.of(0), PdfNumber.of(0), PdfNumber.of(width), PdfNumber.of(height)),
      Resources: PdfDict.of({ XObject: PdfDict.of({ Txt: embedded.ref }) }),
    },
    new TextEncoder().encode('q /Txt Do Q'),
  );
  return pdf.register(stream);
}

/** Adds a read-only, printed text field showing `slot.text` (the composer's blank number and date). */
export async function addTextField(pdf: PDF, slot: TextFieldSlot): Promise<void> {
  const page = pdf.getPage(slot.page);
  if (!page) throw new DomainError('PDF_UNREADABLE', { reason: 'no such page' });
  const { width, height } = slot.rect;
  const x = slot.fromTopRight ? page.width - slot.rect.x - width : slot.rect.x;
  const y = slot.fromTopRight ? page.height - slot.rect.y - height : slot.rect.y;
  const look: TextFieldLook = {
    page: slot.page,
    rect: { x, y, width, height },
    size: slot.size,
    italic: slot.italic ?? false,
    align: slot.align ?? 'center',
  };
  const widget = PdfDict.of({
    Type: PdfName.of('Annot'),
    Subtype: PdfName.of('Widget'),
    FT: PdfName.of('Tx'),
    T: PdfString.fromString(slot.name),
    V: PdfString.fromString(slot.text),
    // Read-only (Ff bit 1); printed (F bit 3). The look is kept so a fill draws it the same way.
    Ff: PdfNumber.of(1),
    F: PdfNumber.of(4),
    Rect: PdfArray.of(PdfNumber.of(x), PdfNumber.of(y), PdfNumber.of(x + width), PdfNumber.of(y + height)),
    DA: PdfString.fromString(`/Helv ${slot.size} Tf 0 g`),
    MoCuaLook: PdfString.fromString(JSON.stringify(look)),
    AP: PdfDict.of({ N: await appearanceOf(pdf, look, slot.text) }),
    P: page.ref,
  });
  const ref = pdf.register(widget);
  acroFormOf(pdf).fields.push(ref);
  const annots = page.dict.getArray('Annots', (r) => pdf.getObject(r));
  if (annots) annots.push(ref);
  else page.dict.set('Annots', PdfArray.of(ref));
}

/**
 * Fills the named text fields, as an incremental update. A field the file does not have (a PDF
 * made elsewhere and uploaded) is added with `fallback`'s look; without one it is an error.
 */
export async function fillTextFields(
  bytes: Uint8Array,
  values: ReadonlyArray<{ name: string; text: string; fallback?: TextFieldLook }>,
): Promise<Uint8Array> {
  let pdf: PDF;
  try {
    pdf = await PDF.load(bytes);
  } catch (error) {
    throw new DomainError('PDF_UNREADABLE', { reason: error instanceof Error ? error.message : String(error) });
  }
  if (pdf.isEncrypted) throw new DomainError('PDF_ENCRYPTED');
  const resolve = (ref: PdfRef) => pdf.getObject(ref);
  const byName = new Map<string, PdfDict>();
  for (const item of acroFormOf(pdf).fields) {
    const field = asDict(item instanceof PdfDict ? item : item.type === 'ref' ? resolve(item) : undefined);
    const name = field?.getString('T', resolve)?.asString();
    if (field && name && field.getName('FT', resolve)?.value === 'Tx') byName.set(name, field);
  }
  for (const value of values) {
    const field = byName.get(value.name);
    if (!field) {
      if (!value.fallback) throw new DomainError('PDF_UNREADABLE', { reason: `no field ${value.name}` });
      await addTextField(pdf, { ...value.fallback, name: value.name, text: value.text });
      continue;
    }
    const look = JSON.parse(field.getString('MoCuaLook', resolve)?.asString() ?? 'null') as TextFieldLook | null;
    const rect = field.getArray('Rect', resolve);
    const numbers = [...(rect ?? [])].map((n) => (n instanceof PdfNumber ? n.value : 0));
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = numbers;
    const given = look ?? { page: 0, rect: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, size: 12 };
    field.set('V', PdfString.fromString(value.text));
    field.set('AP', PdfDict.of({ N: await appearanceOf(pdf, given, value.text) }));
  }
  if (pdf.canSaveIncrementally() === null) return pdf.save({ incremental: true, subsetFonts: false });
  throw new DomainError('PDF_UNREADABLE', { reason: 'the file cannot take an incremental update' });
}
