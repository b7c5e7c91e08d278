import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase();
  console.log(`[integration] database: ${db.label}`);
  project.provide("databaseUrl", db.url);
  process.env.DATABASE_URL = db.url;
  return async () => {
    await db.stop();
  };
}
