/**
 * The directory's use-cases. Each takes `(db, caller, input)`, checks permissions with the
 * pure rules of policies.ts and writes its audit entry in the transaction of the change.
 */
import './errors.ts';

export { adminScopeOf, loadAgencyFacts } from './access.ts';
export {
  type AgencyTreeItem,
  createAgency,
  getAgency,
  listAgencies,
  updateAgency,
} from './agencies.ts';
export {
  createCounter,
  listCounters,
  updateCounter,
} from './counters.ts';
export {
  createStaff,
  deactivateStaff,
  listStaff,
  resolveStaffCaller,
  updateStaff,
} from './staff.ts';
export {
  getAdminUnit,
  listAdminUnits,
  listCommunes,
  listProvinces,
  mapOldUnit,
} from './units.ts';
