import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { torqueQuery } from "../support/uploads";
import { signIn } from "./support";

/**
 * A household member's first day: the admin adds them, they sign in, create an upload token,
 * paste its URL into "Torque", see their trip, and revoke the token. Everything they or their
 * phone typed (name, vehicle profile, PID name, device nickname) is hostile markup here and
 * must show as text: no dialog may ever open.
 */
const XSS = `<img src=x onerror=alert(1)>`;

/** Follows a link of the top bar's main navigation. */
function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

test("a new user uploads with a copied token URL, sees the trip, and a revoked token is refused", async ({ page, context, baseURL }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const email = `member-${randomUUID().slice(0, 8)}@example.com`;
  const password = "member password 123";
  const name = `Sam ${XSS}`;

  // The admin adds the user.
  await signIn(page);
  await nav(page, "Users");
  const add = page.getByRole("form", { name: "Add a user" });
  await add.getByLabel("E-mail").fill(email);
  await add.getByLabel("Display name").fill(name);
  await add.getByLabel("Initial password").fill(password);
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(add.getByRole("status")).toContainText(`Created user ${email}`);
  await expect(page.getByRole("cell", { name })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  // The user signs in: their name, markup and all, is text.
  await signInAs(page, email, password);
  await expect(page.getByTestId("signed-in-as")).toHaveText(name);

  // Creates an upload token and copies the ready-to-paste URL.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await nav(page, "Settings");
  const create = page.getByRole("form", { name: "Create an upload token" });
  await create.getByLabel("Name").fill("Pixel");
  await create.getByRole("button", { name: "Create upload token" }).click();
  await expect(page.getByTestId("upload-url")).toContainText("/api/upload/tls_");
  await page.getByRole("status").filter({ hasText: "Token “Pixel” created" }).getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  const uploadUrl = await page.evaluate(() => navigator.clipboard.readText());
  expect(uploadUrl).toMatch(new RegExp(`^${baseURL}/api/upload/tls_[A-Za-z0-9_-]{32}$`));

  // "Torque" uploads with it: a profile and a PID name full of markup.
  const session = Date.UTC(2024, 6, 14, 7, 30);
  const profile = `Van ${XSS}`;
  const query = (time: number) =>
    torqueQuery({ session, time, values: { d: 57, c: 2200 }, extra: { profileName: profile, userFullNamec: `Engine ${XSS}`, userShortNamec: XSS } });
  const accepted = await page.request.get(`${uploadUrl}?${query(session + 1000)}`);
  expect(accepted.status()).toBe(200);
  expect(await accepted.text()).toBe("OK!");

  // The trip is in the list, the vehicle name shown as text.
  await nav(page, "Sessions");
  await expect(page.getByRole("cell", { name: profile })).toBeVisible();

  // The device shows up in Settings; a hostile nickname stays text too.
  await nav(page, "Settings");
  const device = page.locator("#devices form").filter({ has: page.getByLabel("Nickname") });
  await device.getByLabel("Nickname").fill(`Phone ${XSS}`);
  await device.getByRole("button", { name: "Save" }).click();
  await expect(device.getByRole("status")).toHaveText("Saved.");
  await nav(page, "Upload log");
  await expect(page.getByText(`Phone ${XSS}`).first()).toBeVisible();

  // Revoking the token: the list says so and the next upload is refused.
  await nav(page, "Settings");
  const tokens = page.locator("#upload-tokens");
  await expect(tokens.getByRole("row", { name: /Pixel/ })).not.toContainText("never");
  await tokens.getByRole("button", { name: "Revoke token Pixel" }).click();
  await expect(tokens.getByRole("row", { name: /Pixel/ })).toContainText("revoked");
  const refused = await page.request.get(`${uploadUrl}?${query(session + 2000)}`);
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toContain("Unknown or revoked upload token.");

  expect(dialogs).toEqual([]);
});

test("pages carry a nonce CSP that forbids inline scripts and framing", async ({ page }) => {
  const response = await page.goto("/signin");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  // The sign-in form still works under the policy (its scripts carry the nonce).
  await page.getByLabel("E-mail").fill("driver@example.com");
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toBeVisible();
});
