import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chownSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import postgres from "postgres";

/**
 * Point-in-time recovery with nothing but the server: WAL archiving to a folder, a base backup by
 * PostgreSQL's low-level backup API (pg_backup_start / copy / pg_backup_stop, the documented
 * alternative to pg_basebackup, which the embedded binaries do not ship and Debian's 15 client
 * cannot take from a 17 server), and recovery of that copy to a target time. This is what
 * CloudNativePG does with barman and an object store; here it runs in CI (test/deploy/pitr-restore).
 */

/** Settings that make a server archive every finished WAL segment into `archiveDir`. */
export function archivingSettings(archiveDir: string): Record<string, string> {
  return {
    wal_level: "replica",
    archive_mode: "on",
    // Never overwrite a segment already archived (a second cluster on the same path would).
    archive_command: `test ! -f '${resolve(archiveDir)}/%f' && cp '%p' '${resolve(archiveDir)}/%f'`,
  };
}

/**
 * Creates the WAL archive folder. As root, the embedded server runs as the system user `postgres`
 * (see postgres.ts), which must be able to write into it.
 */
export function createArchiveFolder(folder: string): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(folder, id("-u"), id("-g"));
  }
  return resolve(folder);
}

export interface BaseBackup {
  /** The copied data directory, with its backup_label. */
  readonly dir: string;
  /** Where WAL replay must start (from pg_backup_start). */
  readonly startLsn: string;
  /** Where the backup became consistent (from pg_backup_stop). */
  readonly stopLsn: string;
  readonly bytes: number;
}

/**
 * Takes an online base backup of the running server whose data directory is `dataDir` into
 * `targetDir`. The copy may be torn while the server writes; replaying WAL from `startLsn` (full
 * page writes) repairs it. pg_backup_stop waits until the last segment the backup needs is archived.
 */
export async function takeBaseBackup(
  adminUrl: string,
  dataDir: string,
  targetDir: string,
): Promise<BaseBackup> {
  // One connection: the backup belongs to the session that started it.
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [start] = await sql<{ lsn: string }[]>`select pg_backup_start('krisstod-drill', true)::text as lsn`;
    const bytes = copyDataDir(resolve(dataDir), resolve(targetDir));
    const [stop] = await sql<{ lsn: string; labelfile: string; spcmapfile: string }[]>`
      select lsn::text, labelfile, spcmapfile from pg_backup_stop(true)`;
    if (!start || !stop) throw new Error("pg_backup_start/pg_backup_stop returned nothing");
    writeFileSync(join(targetDir, "backup_label"), stop.labelfile);
    if (stop.spcmapfile) writeFileSync(join(targetDir, "tablespace_map"), stop.spcmapfile);
    chownTree(targetDir, dataDir);
    return { dir: targetDir, startLsn: start.lsn, stopLsn: stop.lsn, bytes };
  } finally {
    await sql.end();
  }
}

/** The current time on the server, as recovery_target_time takes it (with its time zone). */
export async function serverTime(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ now: string }[]>`select clock_timestamp()::text as now`;
    return row?.now ?? "";
  } finally {
    await sql.end();
  }
}

/**
 * Closes the current WAL segment and waits until the archiver has it, so everything written so
 * far can be recovered from the archive alone. In production archive_timeout bounds this instead.
 */
export async function archiveCurrentWal(adminUrl: string, timeoutMs = 30_000): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ segment: string }[]>`select pg_walfile_name(pg_switch_wal()) as segment`;
    const segment = row?.segment ?? "";
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [archived] = await sql<{ last: string | null }[]>`
        select last_archived_wal as last from pg_stat_archiver`;
      if (archived?.last && archived.last >= segment) return segment;
      if (Date.now() > deadline)
        throw new Error(`WAL segment ${segment} was not archived in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await sql.end();
  }
}

/**
 * Turns a base backup into a data directory that, when started, replays the archive up to
 * `targetTime` (commits after it are not applied) and then promotes itself to a new timeline.
 */
export function prepareRecovery(
  backupDir: string,
  options: { archiveDir: string; targetTime: string },
): void {
  const archive = resolve(options.archiveDir);
  appendFileSync(
    join(backupDir, "postgresql.auto.conf"),
    [
      "",
      "# Written by prepareRecovery (packages/local-infra/src/pitr.ts)",
      `restore_command = 'cp ''${archive}/%f'' ''%p'''`,
      `recovery_target_time = '${options.targetTime}'`,
      "recovery_target_action = 'promote'",
      "",
    ].join("\n"),
  );
  writeFileSync(join(backupDir, "recovery.signal"), "");
  chownTree(backupDir, backupDir);
}

// What a base backup leaves out (PostgreSQL docs, "Backup Manifest"/"Making a Base Backup Using the
// Low Level API"): the server's pid files and the contents of folders it rebuilds at start.
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map"]);
const EMPTY_FOLDERS = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);

/** Copies a live data directory; a file the server removes mid-copy is simply left out. */
function copyDataDir(from: string, to: string, top = true): number {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  let bytes = 0;
  for (const name of readdirSync(from)) {
    if (top && SKIP_FILES.has(name)) continue;
    if (name.startsWith("pgsql_tmp")) continue;
    const source = join(from, name);
    const target = join(to, name);
    try {
      const stat = lstatSync(source);
      if (stat.isDirectory()) {
        if (top && EMPTY_FOLDERS.has(name)) {
          mkdirSync(target, { mode: 0o700 });
          if (name === "pg_wal") mkdirSync(join(target, "archive_status"), { mode: 0o700 });
        } else bytes += copyDataDir(source, target, false);
      } else if (stat.isFile()) {
        copyFileSync(source, target);
        bytes += stat.size;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return bytes;
}

/** As root, the server runs as `postgres` and must own its files: give them the owner of `like`. */
function chownTree(dir: string, like: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = statSync(like);
  const walk = (path: string) => {
    chownSync(path, uid, gid);
    if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
}
