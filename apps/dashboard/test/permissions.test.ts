import { activationPolicy } from "@krisstod/activation";
import type { Role } from "@krisstod/contracts";
import { nationalReportingPolicy, reportingPolicy } from "@krisstod/reporting";
import { rosterPolicy } from "@krisstod/roster";
import { supportCentresPolicy } from "@krisstod/support-centres";
import { describe, expect, it } from "vitest";
import { type Permission, permissions } from "../src/auth/permissions.ts";

// The dashboard offers a form or a button only to the roles its service allows: the table in
// src/auth/permissions.ts must say what the services' policy tables say, action by action.

const rolesOf = (entry: { roles?: readonly Role[] } | { public: true }): Role[] =>
  "roles" in entry && entry.roles ? [...entry.roles].sort() : [];

const services: Record<string, Record<string, { roles?: readonly Role[] } | { public: true }>> = {
  activation: activationPolicy.entries,
  "support-centres": supportCentresPolicy.entries,
  reporting: reportingPolicy.entries,
  "reporting (national mode)": nationalReportingPolicy.entries,
  roster: rosterPolicy.entries,
};

describe("the dashboard's permissions", () => {
  for (const action of Object.keys(permissions) as Permission[]) {
    it(`offer ${action} to exactly the roles its service allows`, () => {
      const owners = Object.entries(services).filter(([, entries]) => action in entries);
      expect(owners.map(([name]) => name)).toHaveLength(1);
      const [, entries] = owners[0] ?? expect.unreachable();
      const entry = entries[action] ?? expect.unreachable();
      expect([...permissions[action]].sort()).toEqual(rolesOf(entry));
    });
  }
});
