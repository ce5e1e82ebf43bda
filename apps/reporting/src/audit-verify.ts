import { runAuditVerifyCli } from "@krisstod/audit/cli";
import { audit } from "./db/schema.ts";

// `npm run audit:verify -w @krisstod/reporting`: the trail against its signed checkpoints (exit 1 if broken).
await runAuditVerifyCli({ service: "reporting", tables: audit });
