/** The connector's operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDocs } from '../../platform/http/openapi.ts';

export const nationalOperations: OperationDocs = {
  'POST /api/v1/national/dossiers': {
    id: 'receiveNationalDossier',
    summary: 'Cổng Dịch vụ công quốc gia chuyển hồ sơ nộp trên Cổng về tỉnh (DongBoHoSoMC)',
    errors: [
      'NATIONAL_SYNC_DISABLED',
      'NATIONAL_PUSH_UNAUTHORISED',
      'NATIONAL_SERVICE_UNKNOWN',
      'NATIONAL_PAPER_UNREACHABLE',
      'PROCEDURE_NOT_FOUND',
      'DOSSIER_PROCEDURE_NOT_ONLINE',
      'DOSSIER_RECEIVING_AGENCY_REQUIRED',
      'DOSSIER_APPLICANT_INVALID',
      'UPLOAD_TOO_LARGE',
      'UPLOAD_TYPE_NOT_ALLOWED',
    ],
  },
};
