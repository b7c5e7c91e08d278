import { expect, test } from "@playwright/test";
import { deleteAllSessions, signIn } from "./support";

test("an anonymous visitor is sent to the sign-in page, which renders", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole("heading", { name: "Torque Log Server" })).toBeVisible();
  await expect(page.getByLabel("E-mail")).toBeVisible();
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill("driver@example.com");
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong e-mail or password.");
});

test("health reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { database: { ok: boolean } };
  expect(body.database.ok).toBe(true);
});

test("a user without sessions signs in and sees how to point Torque at the server", async ({ page }) => {
  await signIn(page);
  // The e2e user is shared: earlier specs (accounts) leave trips behind.
  await deleteAllSessions(page);
  await expect(page.getByRole("heading", { name: "No sessions yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create an upload token" }).click();
  const form = page.getByRole("form", { name: "Create an upload token" });
  await form.getByLabel("Name").fill("My phone");
  await form.getByRole("button", { name: "Create upload token" }).click();
  await expect(page.getByTestId("upload-url")).toContainText("/api/upload/tls_");
});
