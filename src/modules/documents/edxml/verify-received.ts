/**
 * Verifies every signature on a received package's PDF files with the platform verifier
 * (platform/pdf verifyPdf: integrity, signer, chain to the configured trust anchors, validity at
 * signing time, changes after signing) and sums it up for storage and display. A file whose
 * signed bytes were changed, or whose pages changed after signing, makes the package `invalid`.
 */
import { verifyPdf } from '../../../platform/pdf/index.ts';
import type { Attachment } from './model.ts';
import type { ReceivedVerification } from './schema.ts';

const isPdf = (a: Attachment) =>
  a.contentType === 'application/pdf' || Buffer.from(a.bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

export async function verifyReceived(
  attachments: readonly Attachment[],
  options: { trustAnchors?: readonly Uint8Array[]; now: Date },
): Promise<ReceivedVerification> {
  const files: ReceivedVerification['files'] = [];
  for (const attachment of attachments.filter(isPdf)) {
    try {
      const reports = await verifyPdf(attachment.bytes, { trustAnchors: options.trustAnchors ?? [], now: options.now });
      files.push({
        name: attachment.name,
        signatures: reports.map((r) => ({
          fieldName: r.fieldName,
          signer: r.signerSubject,
          issuer: r.issuerSubject,
          ...(r.signingTime ? { signingTime: r.signingTime.toISOString() } : {}),
          integrityValid: r.integrityValid,
          chainTrusted: r.chain.trusted,
          certificateValidAtSigningTime: r.certificateValidAtSigningTime,
          changesAfterSigning: r.changesAfterSigning,
          verdict: r.verdict,
          reasons: r.reasons,
        })),
      });
    } catch (err) {
      files.push({ name: attachment.name, signatures: [], problem: err instanceof Error ? err.message : String(err) });
    }
  }
  const signatures = files.flatMap((f) => f.signatures);
  const verdict: ReceivedVerification['verdict'] =
    files.some((f) => f.problem) || signatures.some((s) => s.verdict === 'invalid')
      ? 'invalid'
      : signatures.length === 0
        ? 'unsigned'
        : signatures.some((s) => s.verdict === 'indeterminate')
          ? 'indeterminate'
          : 'valid';
  return { checkedAt: options.now.toISOString(), verdict, files };
}
