// The audit trail of personal-data access a service keeps in its own schema (see tables.ts): its
// table and entries, the hash chain that seals them, and the SQL that keeps the table append-only.
export {
  type AuditSealer,
  type AuditSealerOptions,
  type ChainVerdict,
  type ChainVerdictOk,
  rowHash,
  type SealOptions,
  sealAuditChain,
  startAuditSealer,
  unsealedBacklog,
  verifyAuditChain,
} from "./chain.ts";
export { appendAudit, auditRowValues, listAuditTrail } from "./entries.ts";
export { auditGuardSql, auditSealSql, installAuditGuard, secureAuditTrail } from "./guard.ts";
export {
  type AuditAction,
  type AuditEntry,
  type AuditRow,
  type AuditTables,
  auditTables,
  GENESIS_HASH,
  type SealedAuditRow,
} from "./tables.ts";
