import { expect, type Page } from "@playwright/test";

export const E2E_EMAIL = "driver@example.com";
export const E2E_PASSWORD = "correct horse battery staple";

export async function signIn(page: Page): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(E2E_EMAIL);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/**
 * The e2e server has one shared user: specs that count sessions first delete whatever other
 * specs left, through the list's own select-all-matching and Delete.
 */
export async function deleteAllSessions(page: Page): Promise<void> {
  await page.goto("/");
  const empty = page.getByRole("heading", { name: "No sessions yet" });
  const pageBox = page.getByLabel("Select all sessions on this page");
  await expect(empty.or(pageBox)).toBeVisible();
  if (await empty.isVisible()) return;
  await pageBox.check();
  const all = page.getByRole("button", { name: /Select all \d+ matching sessions/ });
  if (await all.isVisible()) await all.click();
  const bar = page.getByRole("region", { name: "Selected sessions" });
  await bar.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: /Delete \d+ sessions?\?/ }).getByRole("button", { name: /Delete \d+ sessions?/ }).click();
  await expect(empty).toBeVisible();
}
