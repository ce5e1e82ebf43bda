// County names are shared with the services (exports, reports): one list, in the contracts.
export { countyName } from "@krisstod/contracts";
