import { defineConfig } from "prisma/config";

// Prisma 7 keeps connection URLs out of the schema. `prisma generate` needs none; a
// `prisma migrate deploy` on a machine with the engine reads DATABASE_URL here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
