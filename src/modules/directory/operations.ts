/** The directory's operations in the OpenAPI description (platform/http/openapi.ts): ids never change. */
import type { OperationDocs } from '../../platform/http/openapi.ts';

const agencyWrite = [
  'ADMIN_UNIT_MISMATCH',
  'ADMIN_UNIT_NOT_FOUND',
  'AGENCY_CODE_INVALID',
  'AGENCY_CODE_TAKEN',
  'AGENCY_LEVEL_MISMATCH',
  'AGENCY_NOT_FOUND',
  'AGENCY_PARENT_INVALID',
  'AGENCY_PARENT_REQUIRED',
  'DIRECTORY_TEXT_INVALID',
];
const staffWrite = [
  'AGENCY_INACTIVE',
  'AGENCY_NOT_FOUND',
  'STAFF_ACCOUNT_INVALID',
  'STAFF_ACCOUNT_TAKEN',
  'STAFF_OWN_ROLES',
  'STAFF_ROLE_NEEDS_LEVEL_ABOVE',
  'DIRECTORY_TEXT_INVALID',
  'PASSWORD_TOO_WEAK',
];
const counterWrite = [
  'AGENCY_NOT_FOUND',
  'COUNTER_AGENCY_NOT_CENTRE',
  'COUNTER_NUMBER_TAKEN',
  'DIRECTORY_TEXT_INVALID',
];

export const directoryOperations: OperationDocs = {
  'GET /api/v1/admin-units': {
    id: 'listAdminUnits',
    paged: true,
    summary: 'Danh sách đơn vị hành chính từ 01/07/2025 (34 tỉnh, 3.321 xã)',
  },
  'GET /api/v1/admin-units/{code}': {
    id: 'getAdminUnit',
    summary: 'Một đơn vị hành chính',
    errors: ['ADMIN_UNIT_NOT_FOUND'],
  },
  'GET /api/v1/admin-unit-mappings': {
    id: 'mapOldAdminUnit',
    summary: 'Đơn vị năm 2025 mà một mã xã cũ đã nhập vào',
  },
  'GET /api/v1/agencies': { id: 'listAgencies', summary: 'Các cơ quan của tỉnh, theo thứ tự cây' },
  'POST /api/v1/agencies': { id: 'createAgency', summary: 'Tạo cơ quan (quản trị danh mục)', errors: agencyWrite },
  'GET /api/v1/agencies/{id}': { id: 'getAgency', summary: 'Một cơ quan', errors: ['AGENCY_NOT_FOUND'] },
  'PATCH /api/v1/agencies/{id}': {
    id: 'updateAgency',
    summary: 'Sửa một cơ quan (quản trị danh mục)',
    errors: [...agencyWrite, 'AGENCY_HAS_ACTIVE_CHILDREN'],
  },
  'GET /api/v1/staff': { id: 'listStaff', paged: true, summary: 'Cán bộ của tỉnh (chỉ cán bộ xem)' },
  'POST /api/v1/staff': { id: 'createStaff', summary: 'Thêm cán bộ (quản trị cơ quan)', errors: staffWrite },
  'PATCH /api/v1/staff/{id}': {
    id: 'updateStaff',
    summary: 'Sửa vai trò, cơ quan, thông tin của cán bộ; active: false là thôi quyền truy cập',
    errors: [...staffWrite, 'STAFF_NOT_FOUND', 'STAFF_SELF_LOCKOUT'],
  },
  'GET /api/v1/counters': { id: 'listCounters', summary: 'Các quầy của trung tâm phục vụ hành chính công' },
  'POST /api/v1/counters': { id: 'createCounter', summary: 'Thêm quầy cho trung tâm', errors: counterWrite },
  'PATCH /api/v1/counters/{id}': {
    id: 'updateCounter',
    summary: 'Sửa một quầy',
    errors: [...counterWrite, 'COUNTER_NOT_FOUND'],
  },
};
