import { expect, test, type Page } from "@playwright/test";
import { signIn, deleteAllSessions } from "./support";

/**
 * The session browser in a real browser: 60 trips uploaded the way Torque does (one GET per
 * sample, with an upload token made in Settings), then sorting by header, search, a date
 * range, "select all matching" across pages, and deleting two sessions.
 */
test.use({ timezoneId: "UTC" });

const DEVICE = "0123456789abcdef0123456789abcdef";
const HOUR = 3_600_000;
const now = Date.now();
const trips = Array.from({ length: 60 }, (_, i) => {
  const start = now - i * 36 * HOUR - HOUR;
  const minutes = ((i * 37) % 50) + 1;
  return { i, start, minutes, vehicle: i % 3 === 0 ? "Golf" : i % 3 === 1 ? "ManVan" : null };
});

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const startText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

async function uploadTrips(page: Page): Promise<void> {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create an upload token" });
  await form.getByLabel("Name").fill("Test phone");
  await form.getByRole("button", { name: "Create upload token" }).click();
  const url = (await page.getByTestId("upload-url").textContent()) ?? "";
  expect(url).toContain("/api/upload/");
  for (const t of trips) {
    const samples = [
      { time: t.start + 1000, speed: 20 + t.i, km: 0.1 },
      { time: t.start + 1000 + t.minutes * 60_000, speed: 30 + t.i, km: 0.1 + t.minutes * 0.8 },
    ];
    for (const s of samples) {
      const query = new URLSearchParams({ v: "8", session: String(t.start), id: DEVICE, time: String(s.time), kd: String(s.speed), kff1204: String(s.km) });
      if (t.vehicle) query.set("profileName", t.vehicle);
      const response = await page.request.get(`${url}?${query}`);
      expect(await response.text()).toBe("OK!");
    }
  }
}

const bodyRows = (page: Page) => page.locator("table.sessions tbody tr");
/** The cell of the first row under the header whose text starts with `title`. */
async function firstRowCell(page: Page, title: string) {
  const headers = await page.locator("table.sessions thead th").allTextContents();
  return bodyRows(page).first().locator("td").nth(headers.findIndex((h) => h.startsWith(title)));
}
const summary = (page: Page) => page.locator(".heading-row .muted");

test("sort, search, rename, date range, select all matching across pages, delete two", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await deleteAllSessions(page);
  await uploadTrips(page);

  await page.goto("/");
  await expect(summary(page)).toHaveText("60 in total");
  await expect(bodyRows(page)).toHaveCount(50);
  // Newest first by default.
  await expect(bodyRows(page).first().getByRole("link").first()).toHaveText(startText(trips[0].start));

  // Sort by clicking a header: longest first, then shortest first.
  const durationHeader = page.getByRole("columnheader", { name: /Duration/ });
  await durationHeader.getByRole("button").click();
  await expect(page).toHaveURL(/sort=duration/);
  await expect(durationHeader).toHaveAttribute("aria-sort", "descending");
  const longest = Math.max(...trips.map((t) => t.minutes));
  await expect(await firstRowCell(page, "Duration")).toHaveText(`${longest} min 01 s`);
  await durationHeader.getByRole("button").click();
  await expect(durationHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(await firstRowCell(page, "Duration")).toHaveText(`${Math.min(...trips.map((t) => t.minutes))} min 01 s`);
  // Back restores the previous view from the URL.
  await page.goBack();
  await expect(durationHeader).toHaveAttribute("aria-sort", "descending");
  // And back to newest first by the Start header.
  const startHeader = page.getByRole("columnheader", { name: /Start/ });
  await startHeader.getByRole("button").click();
  await expect(startHeader).toHaveAttribute("aria-sort", "descending");
  await expect(page).not.toHaveURL(/sort=/);

  // Search by vehicle name.
  await page.getByLabel("Search", { exact: true }).fill("manvan");
  await page.getByLabel("Search", { exact: true }).press("Enter");
  await expect(page).toHaveURL(/q=manvan/);
  await expect(summary(page)).toHaveText("20 matching");
  await expect(bodyRows(page)).toHaveCount(20);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(summary(page)).toHaveText("60 in total");

  // Rename inline from the keyboard; the new name is searchable at once.
  await bodyRows(page).first().getByRole("button", { name: /^Rename or add notes/ }).click();
  await page.getByLabel("Name", { exact: true }).fill("Coast run");
  await page.getByLabel("Notes", { exact: true }).fill("Windy");
  await page.getByLabel("Name", { exact: true }).press("Enter");
  await expect(bodyRows(page).first()).toContainText("Coast run");
  await expect(bodyRows(page).first()).toContainText("Windy");
  await page.getByLabel("Search", { exact: true }).fill("coast");
  await page.getByLabel("Search", { exact: true }).press("Enter");
  await expect(summary(page)).toHaveText("1 matching");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(summary(page)).toHaveText("60 in total");

  // A custom date range: whole days, "to" included.
  const from = day(now - 20 * 24 * HOUR);
  const to = day(now - 10 * 24 * HOUR);
  const inRange = trips.filter((t) => day(t.start) >= from && day(t.start) <= to);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}.*to=${to}|to=${to}.*from=${from}`));
  await expect(summary(page)).toHaveText(`${inRange.length} matching`);
  await expect(bodyRows(page)).toHaveCount(inRange.length);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(summary(page)).toHaveText("60 in total");

  // 25 per page; select the page, then all 60 matching, which stays selected on page 2.
  await page.getByLabel("Per page").selectOption("25");
  await expect(bodyRows(page)).toHaveCount(25);
  await page.getByLabel("Select all sessions on this page").check();
  await expect(page.getByRole("region", { name: "Selected sessions" })).toContainText("25 sessions selected");
  await page.getByRole("button", { name: "Select all 60 matching sessions" }).click();
  const bar = page.getByRole("region", { name: "Selected sessions" });
  await expect(bar).toContainText("60 sessions selected");
  // The download hand-off carries the filter and all=1, not 60 ids.
  await expect(bar.locator('form[action="/sessions/download"] input[name="all"]')).toHaveValue("1");
  await expect(bar.locator('form[action="/sessions/download"] input[name="ids"]')).toHaveCount(0);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(bodyRows(page).first().getByRole("link").first()).toHaveText(startText(trips[25].start));
  await expect(bar).toContainText("60 sessions selected");
  await expect(bodyRows(page).first().getByRole("checkbox")).toBeChecked();
  await bar.getByRole("button", { name: "Clear selection" }).click();
  await expect(bar).toHaveCount(0);

  // Shift-click selects a range; then delete two sessions, confirming the count.
  const checkbox = (n: number) => bodyRows(page).nth(n).getByRole("checkbox");
  const victims = [trips[25], trips[26]];
  await checkbox(0).click();
  await checkbox(2).click({ modifiers: ["Shift"] });
  await expect(bar).toContainText("3 sessions selected");
  await checkbox(2).click();
  await expect(bar).toContainText("2 sessions selected");
  await bar.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete 2 sessions?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Delete 2 sessions" }).click();
  await expect(page.getByText("Deleted 2 sessions.")).toBeVisible();
  await expect(summary(page)).toHaveText("58 in total");
  for (const v of victims) await expect(page.getByRole("link", { name: startText(v.start) })).toHaveCount(0);

  // Leave the shared account empty again: select all 58 matching and delete them.
  await page.getByLabel("Select all sessions on this page").check();
  await page.getByRole("button", { name: "Select all 58 matching sessions" }).click();
  await bar.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: "Delete 58 sessions?" }).getByRole("button", { name: "Delete 58 sessions" }).click();
  await expect(page.getByRole("heading", { name: "No sessions yet" })).toBeVisible();
});

test("a bad link explains itself instead of failing", async ({ page }) => {
  await signIn(page);
  await page.goto("/?sort=speed");
  await expect(page.getByRole("alert").filter({ hasText: "problem" })).toContainText("sort must be one of");
  await page.getByRole("link", { name: "Show all sessions" }).click();
  await expect(page).toHaveURL(/\/$/);
});
