import { existsSync } from "node:fs";

/** Finds a Chromium without downloading one: Debian's, else @sparticuz/chromium's. */
export default async function globalSetup(): Promise<void> {
  if (["/usr/bin/chromium", "/usr/bin/chromium-browser"].some((p) => existsSync(p))) return;
  const { default: chromium } = await import("@sparticuz/chromium");
  process.env.E2E_CHROMIUM_PATH = await chromium.executablePath();
}
