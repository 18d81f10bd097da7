/**
 * The directory's use-cases. Each takes `(db, caller, input)`, checks permissions with the
 * pure rules of policies.ts and writes its audit entry in the transaction of the change.
 */
import './errors.ts';

export { adminScopeOf, loadAgencyFacts } from './access.ts';
export {
  type AgencyTreeItem,
  type AgencyView,
  type CreateAgencyInput,
  createAgency,
  getAgency,
  type ListAgenciesInput,
  listAgencies,
  type UpdateAgencyInput,
  updateAgency,
} from './agencies.ts';
export {
  type CounterView,
  type CreateCounterInput,
  createCounter,
  type ListCountersInput,
  listCounters,
  type UpdateCounterInput,
  updateCounter,
} from './counters.ts';
export {
  type CreateStaffInput,
  createStaff,
  deactivateStaff,
  type ListStaffInput,
  listStaff,
  resolveStaffCaller,
  type StaffView,
  type UpdateStaffInput,
  updateStaff,
} from './staff.ts';
export {
  type AdminUnitView,
  type CommuneChoice,
  getAdminUnit,
  type ListAdminUnitsInput,
  listAdminUnits,
  listCommunes,
  mapOldUnit,
  type UnitMappingView,
} from './units.ts';
