import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { TEST_PASSWORD } from "./users";

/**
 * A headless Chromium for integration tests that must look at a page while they control the
 * server's database (the browser suite's server cannot be stopped that way). Same lookup as
 * tests/e2e/global-setup.ts: Debian's Chromium, else the one in @sparticuz/chromium.
 */
export async function launchChromium(): Promise<Browser> {
  const system = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  const executablePath = system ?? process.env.E2E_CHROMIUM_PATH ?? (await (await import("@sparticuz/chromium")).default.executablePath());
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function signInAs(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/`);
}
