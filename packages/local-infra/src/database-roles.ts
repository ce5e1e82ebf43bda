import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DATABASE_SERVICES, provisionServiceRoles, type RolePasswords, serviceRoles } from "@krisstod/db";

/** Where a service logs in: as its own role, and as its migrator for the migrations at start. */
export interface ServiceDatabaseUrls {
  readonly url: string;
  readonly migrationUrl: string;
}

/**
 * Creates every service's two roles in the database `adminUrl` names (see @krisstod/db roles) and
 * returns each service's URLs. The passwords are generated on first use and kept in `secretsFile`
 * (readable by its owner only), and set again on every call, so a lost file only means new ones.
 * `adminUrl` is used for this alone; no service gets it.
 */
export async function provideServiceRoles(options: {
  adminUrl: string;
  secretsFile: string;
}): Promise<Record<string, ServiceDatabaseUrls>> {
  const passwords = loadOrCreatePasswords(options.secretsFile);
  const admin = new URL(options.adminUrl);
  const database = decodeURIComponent(admin.pathname.replace(/^\//, ""));
  if (!database) throw new Error("the PostgreSQL URL names no database");
  await provisionServiceRoles({
    adminUrl: options.adminUrl,
    database,
    passwords: (service) => passwordsOf(passwords, service),
  });
  return Object.fromEntries(
    DATABASE_SERVICES.map((service) => {
      const roles = serviceRoles(service);
      const secret = passwordsOf(passwords, service);
      return [
        service,
        {
          url: loginUrl(admin, roles.role, secret.role),
          migrationUrl: loginUrl(admin, roles.migratorRole, secret.migratorRole),
        },
      ];
    }),
  );
}

type PasswordFile = Record<string, RolePasswords>;

function loadOrCreatePasswords(file: string): PasswordFile {
  const existing: PasswordFile = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as PasswordFile)
    : {};
  let changed = false;
  for (const service of DATABASE_SERVICES) {
    const entry = existing[service];
    if (entry?.role && entry.migratorRole) continue;
    existing[service] = { role: newPassword(), migratorRole: newPassword() };
    changed = true;
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(existing, null, 2)}\n`, { mode: 0o600 });
  }
  return existing;
}

function passwordsOf(file: PasswordFile, service: string): RolePasswords {
  const entry = file[service];
  if (!entry) throw new Error(`no database passwords for ${service}`);
  return entry;
}

/** URL-safe, so it needs no escaping in a connection URL. */
function newPassword(): string {
  return randomBytes(24).toString("base64url");
}

function loginUrl(base: URL, user: string, password: string): string {
  const url = new URL(base.toString());
  url.username = user;
  url.password = password;
  return url.toString();
}
