/** Zalo's operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDocs } from '../../platform/http/openapi.ts';

export const zaloOperations: OperationDocs = {
  'POST /webhooks/zalo': {
    id: 'receiveZaloEvent',
    summary: 'Sự kiện từ Zalo Official Account (webhook có chữ ký)',
    errors: ['ZALO_WEBHOOK_DISABLED', 'ZALO_SIGNATURE_INVALID'],
  },
};
