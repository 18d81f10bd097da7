/**
 * An incoming document received by e-mail (Decree 30/2020/NĐ-CP Art. 22: documents received by
 * e-mail are registered like paper ones): the clerk saves the message as .eml and uploads it;
 * the first PDF attachment that is a PDF by its content is the document, and the message's
 * sender and subject are offered for the issuer and the subject when the PDF has no text layer.
 * A message that cannot be parsed, or has no PDF, gives undefined: the clerk is told.
 */
import { simpleParser } from 'mailparser';
import { checkUpload } from '../../platform/storage/uploads.ts';

export interface EmailDocument {
  pdf: Uint8Array;
  fileName: string;
  subject?: string;
  /** The sender's display name ("Văn phòng UBND tỉnh Tuyên Quang"), else its address. */
  from?: string;
}

/** Looks like a message: header lines before the first blank line, with From or Subject among them. */
export function looksLikeEmail(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 8192)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/u);
  const headers = end > 0 ? head.slice(0, end) : '';
  return /^[\x21-\x39\x3b-\x7e]+:/u.test(headers) && /^(from|subject|mime-version):/imu.test(headers);
}

export async function readEmail(bytes: Uint8Array, maxBytes: number): Promise<EmailDocument | undefined> {
  if (!looksLikeEmail(bytes)) return undefined;
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  } catch {
    return undefined;
  }
  for (const attachment of mail.attachments) {
    const pdf = new Uint8Array(attachment.content);
    try {
      await checkUpload(pdf, { maxBytes, allowed: ['pdf'], fileName: attachment.filename ?? '' });
    } catch {
      continue;
    }
    const sender = mail.from?.value[0];
    const from = (sender?.name || sender?.address || '').normalize('NFC').trim().slice(0, 200);
    const subject = (mail.subject ?? '').normalize('NFC').trim().slice(0, 500);
    return {
      pdf,
      fileName: (attachment.filename ?? 'van-ban-thu-dien-tu.pdf').normalize('NFC'),
      ...(subject ? { subject } : {}),
      ...(from ? { from } : {}),
    };
  }
  return undefined;
}
