/**
 * Admin CLI for headless set-up and scripts. Works on the server's database (same DATA_DIR or
 * DATABASE_URL) whether or not the server runs: it attaches to a running embedded PostgreSQL,
 * or starts it for the duration of the command.
 *
 *   npm run --silent admin -- user add EMAIL --password PASS [--admin]
 *   npm run --silent admin -- user list
 *   npm run --silent admin -- user passwd EMAIL --password PASS
 *   npm run --silent admin -- user role EMAIL admin|user
 *   npm run --silent admin -- token add EMAIL --scope upload|read|read-write|api [--name NAME]
 *   npm run --silent admin -- token list EMAIL
 *   npm run --silent admin -- token revoke ID
 *   npm run --silent admin -- uploads EMAIL [--limit N]
 */
import { parseArgs } from "node:util";
import { loadConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/open";
import { AppError } from "@/lib/http/errors";

const USAGE = `Usage:
  admin user add EMAIL --password PASS [--admin]
  admin user list
  admin user passwd EMAIL --password PASS   (signs the user out everywhere, lifts a sign-in lock)
  admin user role EMAIL admin|user
  admin token add EMAIL --scope upload|read|read-write|api [--name NAME]
  admin token list EMAIL
  admin token revoke ID
  admin uploads EMAIL [--limit N]`;

class UsageError extends Error {}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Missing ${what}.`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      password: { type: "string" },
      scope: { type: "string" },
      name: { type: "string" },
      limit: { type: "string" },
      admin: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return;
  }
  const [group, action, arg] = positionals;
  const command = group === "uploads" ? "uploads" : `${group} ${action ?? ""}`.trim();
  const known = ["user add", "user list", "user passwd", "user role", "token add", "token list", "token revoke", "uploads"];
  if (!known.includes(command)) throw new UsageError(`Unknown command "${positionals.join(" ")}".`);

  const config = loadConfig();
  const database = await openDatabase(config, "attach");
  process.env.DATABASE_URL = database.url;
  try {
    const users = await import("@/lib/users");
    const tokens = await import("@/lib/tokens");
    switch (command) {
      case "user add": {
        const user = await users.createUser({
          email: need(action === "add" ? arg : undefined, "EMAIL"),
          password: need(values.password, "--password"),
          role: values.admin ? "admin" : undefined,
        });
        console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
        break;
      }
      case "user list": {
        const list = await users.listUsers();
        if (list.length === 0) console.log("No users yet: add one with `user add`, or open /setup in a browser.");
        for (const u of list) {
          console.log(`${u.id}\t${u.role}\t${u.email}\t${u.createdAt.toISOString()}\t${u.devices} devices\t${u.sessions} sessions`);
        }
        break;
      }
      case "user passwd": {
        const user = await users.requireUserByEmail(need(arg, "EMAIL"));
        await users.setPassword(user.id, need(values.password, "--password"));
        console.log(`New password set for ${user.email}; their sign-in sessions have ended.`);
        break;
      }
      case "user role": {
        const user = await users.requireUserByEmail(need(arg, "EMAIL"));
        const role = need(positionals[3], "ROLE (admin or user)");
        if (role !== "admin" && role !== "user") throw new UsageError(`Unknown role "${role}": use admin or user.`);
        const changed = await users.setRole(null, user.id, role);
        console.log(`${changed.email} is now ${changed.role}.`);
        break;
      }
      case "token add": {
        const user = await users.requireUserByEmail(need(arg, "EMAIL"));
        const scope = tokens.parseScope(need(values.scope, "--scope"));
        const created = await tokens.createToken(user.id, scope, values.name);
        console.error(`Created ${created.scope} token ${created.id} "${created.name}" for ${user.email}. It is shown once:`);
        console.log(created.token);
        break;
      }
      case "token list": {
        const user = await users.requireUserByEmail(need(arg, "EMAIL"));
        for (const t of await tokens.listTokens(user.id)) {
          const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
          const used = t.lastUsedAt ? t.lastUsedAt.toISOString() : "never used";
          console.log(`${t.id}\t${t.scope}\t${t.prefix}…\t${state}\t${used}\t${t.name}`);
        }
        break;
      }
      case "token revoke": {
        const id = Number(need(arg, "ID"));
        if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${arg}" is not a token id.`);
        await tokens.revokeToken(id);
        console.log(`Revoked token ${id}.`);
        break;
      }
      case "uploads": {
        const user = await users.requireUserByEmail(need(action, "EMAIL"));
        const limit = Math.min(Math.max(Number(values.limit ?? 20) || 20, 1), 1000);
        const { recentUploads } = await import("@/lib/ingest/diagnostics");
        const rows = await recentUploads(user.id, { limit });
        if (rows.length === 0) console.log("No upload requests recorded yet.");
        for (const r of rows) {
          console.log(`${r.at.toISOString()}\t${r.outcome}\t${r.status}\t${r.device ?? "-"}\t${r.reason ?? ""}`);
        }
        break;
      }
    }
  } finally {
    const { db } = await import("@/lib/db/client");
    await db().$disconnect().catch(() => undefined);
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof AppError || (error instanceof Error && error.name === "ConfigError")) console.error(`Error: ${error.message}`);
    else if (error instanceof Error && /parseArgs|Unknown option/i.test(error.message)) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error instanceof Error ? `Error: ${error.message}` : error);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
