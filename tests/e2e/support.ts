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
