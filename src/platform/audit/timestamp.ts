/** The RFC 3161 client lives with the PDF signatures that also use it (platform/pdf/timestamp.ts). */
export { requestTimestamp, TsaError, verifyTimestampToken } from '../pdf/timestamp.ts';
