/**
 * `npm run migrate`: applies the SQL migrations in prisma/migrations to the server's database
 * (DATABASE_URL, else the embedded PostgreSQL in DATA_DIR, attached to if the server runs,
 * started for the command otherwise) and says what it did. `npm start` does the same on every
 * start; this is for deployments that migrate as a separate step (e.g. before a rolling update).
 */
import { ConfigError, loadConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/open";

async function main(): Promise<void> {
  const config = loadConfig();
  // openDatabase migrates as it opens: what it applied is logged through `log`.
  let applied = 0;
  const db = await openDatabase(config, "attach", (line) => {
    if (line.startsWith("Applied migration")) applied++;
    console.log(line);
  });
  console.log(applied === 0 ? "The database is up to date." : `Applied ${applied} migration(s).`);
  await db.stop();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
