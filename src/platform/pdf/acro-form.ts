/**
 * The document's interactive form (AcroForm): where signature fields (./sign.ts) and the read-only
 * number and date fields of an issued document (./text-fields.ts) are listed.
 */
import { type PDF, PdfArray, PdfDict, type PdfObject, type PdfRef } from '@libpdf/core';

export function asDict(value: PdfObject | undefined | null): PdfDict | undefined {
  return value instanceof PdfDict ? value : undefined;
}

/** The form and its Fields array, each made when the document has none. */
export function acroFormOf(pdf: PDF): { form: PdfDict; fields: PdfArray } {
  const resolve = (ref: PdfRef) => pdf.getObject(ref);
  const catalog = pdf.getCatalog();
  let acroForm = asDict(catalog.get('AcroForm', resolve));
  if (!acroForm) {
    acroForm = PdfDict.of({ Fields: new PdfArray() });
    catalog.set('AcroForm', pdf.register(acroForm));
  }
  let fields = acroForm.getArray('Fields', resolve);
  if (!fields) {
    fields = new PdfArray();
    acroForm.set('Fields', fields);
  }
  return { form: acroForm, fields };
}
