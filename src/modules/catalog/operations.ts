/** The catalog's operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDocs } from '../../platform/http/openapi.ts';

const procedureWrite = [
  'CONFLICT',
  'FIELD_NOT_FOUND',
  'PROCEDURE_AGENCY_INVALID',
  'PROCEDURE_CODE_TAKEN',
  'PROCEDURE_INVALID',
  'PROCEDURE_NAME_TAKEN',
  'PROCESS_BUDGET_MISMATCH',
];

export const catalogOperations: OperationDocs = {
  'GET /api/v1/procedures': {
    id: 'searchProcedures',
    paged: true,
    summary: 'Tìm thủ tục hành chính (không phân biệt hoa thường, dấu; chịu lỗi gõ; xếp theo độ liên quan)',
  },
  'GET /api/v1/procedures/{id}': {
    id: 'getProcedure',
    summary: 'Một thủ tục (theo id, mã quốc gia hoặc mã địa phương) với quy trình hiện hành',
    errors: ['PROCEDURE_NOT_FOUND'],
  },
  'GET /api/v1/procedures/{id}/process-templates/{version}': {
    id: 'getProcessTemplate',
    summary: 'Một phiên bản quy trình (hồ sơ giữ phiên bản đã nộp)',
    errors: ['PROCEDURE_NOT_FOUND', 'PROCESS_TEMPLATE_NOT_FOUND'],
  },
  'GET /api/v1/fields': { id: 'listFields', summary: 'Các lĩnh vực thủ tục hành chính' },
  'PUT /api/v1/procedures/{id}': {
    id: 'putProcedure',
    summary: 'Tạo hoặc thay thế một thủ tục (quản trị cấp tỉnh)',
    errors: procedureWrite,
  },
  'POST /api/v1/procedures/{id}/process-templates': {
    id: 'publishProcessTemplate',
    summary: 'Ban hành phiên bản quy trình mới (quản trị cấp tỉnh)',
    errors: [...procedureWrite, 'PROCEDURE_NOT_FOUND'],
  },
};
