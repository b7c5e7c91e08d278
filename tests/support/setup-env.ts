import { inject } from "vitest";

// Every integration test file talks to the run's fresh database through lib/db/client.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.LOG_SILENT = "1";
