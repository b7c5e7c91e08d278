import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_DEVICE, FIXTURE_SESSION, fixtureTargets, rawGet, sendAll } from "../support/torque-fixture";
import { signIn } from "./support";

/**
 * The session page with the real trip: uploaded the way a phone does (token from the Settings
 * page, raw requests), then opened, charted, zoomed, mapped, and watched while a new sample
 * arrives.
 */
const port = Number(process.env.E2E_PORT ?? 3199);
let uploadPath = "";
let sessionPath = "";
let lastSampleMs = 0;
const dataRequests = fixtureTargets("/x").filter((t) => /[?&]k[0-9a-f]+=/.test(t.toString("latin1")));

test.describe.configure({ mode: "serial" });
// The phone was in California; so is this browser (no zone set for the user: the browser's counts).
test.use({ timezoneId: "America/Los_Angeles" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await browser.newPage();
  await signIn(page);
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create an upload token" });
  await form.getByLabel("Name").fill("Van phone");
  await form.getByRole("button", { name: "Create upload token" }).click();
  const url = await page.getByTestId("upload-url").textContent();
  uploadPath = new URL(url!).pathname;
  const replies = await sendAll(port, fixtureTargets(uploadPath), 4);
  expect(replies.filter((r) => r.status !== 200 || r.body !== "OK!")).toEqual([]);
  // Other spec files share this server and user (some with trips of the same day): find ours
  // in the list by its Torque device id.
  await page.goto(`/?q=${FIXTURE_DEVICE}`);
  const links = page.locator("tbody tr").getByRole("link", { name: /2016/ });
  await expect(links).toHaveCount(1);
  sessionPath = (await links.getAttribute("href"))!;
  await page.close();
  lastSampleMs = Math.max(...dataRequests.map((t) => Number(/[?&]time=(\d+)/.exec(t.toString("latin1"))![1])));
});

async function openTheTrip(page: Page) {
  await signIn(page);
  await page.goto(sessionPath);
  await expect(page).toHaveURL(/\/sessions\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Trip on 2016-03-29");
}

test("open the trip, chart two more PIDs, zoom, and follow the hover on the map", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openTheTrip(page);
  await expect(page.getByTestId("sample-count")).toHaveText(dataRequests.length.toLocaleString("en-US"));
  await expect(page.getByText("2016-03-29 06:58:18 – 07:42:01")).toBeVisible();
  await expect(page.getByText("(America/Los_Angeles)").first()).toBeVisible();
  // Speed and RPM by default, speed in the phone's mph.
  const legend = page.getByRole("region", { name: "Charts" });
  await expect(legend.getByText("Speed (OBD)")).toBeVisible();
  await expect(legend.getByText("(mph)")).toBeVisible();

  // Pick two more PIDs through the search box.
  await page.getByTestId("pid-search").fill("coolant");
  await page.getByRole("checkbox", { name: /Engine Coolant Temperature/ }).check();
  await page.getByTestId("pid-search").fill("engine load");
  await page.getByRole("checkbox", { name: /^Engine Load/ }).first().check();
  await page.getByTestId("pid-search").fill("");
  await expect(page).toHaveURL(/pids=d,c,5,4\b/);
  await expect(legend.getByText("Engine Coolant Temperature")).toBeVisible();
  await expect(legend.getByText("(°F)")).toBeVisible();
  const charts = page.getByTestId("chart-stack");
  await expect(charts.locator(".recharts-line-curve")).toHaveCount(4);

  // Drag across the middle of the charts: the range goes into the URL and the API refines it.
  const box = (await charts.boundingBox())!;
  const refined = page.waitForResponse((r) => r.url().includes("/chart?") && r.url().includes("from=") && r.ok());
  await page.mouse.move(box.x + box.width * 0.35, box.y + 80);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + 90, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.55, box.y + 100, { steps: 5 });
  await page.mouse.up();
  await refined;
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  const range = new URL(page.url()).searchParams;
  const span = Number(range.get("to")) - Number(range.get("from"));
  expect(span).toBeGreaterThan(60_000);
  expect(span).toBeLessThan((lastSampleMs - FIXTURE_SESSION) * 0.4);
  await expect(page.getByRole("button", { name: "Whole trip" })).toBeEnabled();

  // The map draws the track; hovering a chart puts the marker on it, with every value in the tooltip.
  const map = page.getByRole("img", { name: /Map of the trip/ });
  await expect(map).toBeVisible();
  await expect(page.getByTestId("map-track").locator("polyline").first()).toBeVisible();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 100);
  await expect(page.getByTestId("map-hover-marker")).toBeVisible();
  const tooltip = page.getByTestId("chart-tooltip");
  await expect(tooltip).toContainText("Speed (OBD)");
  await expect(tooltip).toContainText("Engine Coolant Temperature");
  await expect(tooltip).toContainText("°F");

  // And the reverse: hovering the track shows that instant in the charts.
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
  await map.scrollIntoViewIfNeeded();
  const start = (await page.getByTestId("map-start").boundingBox())!;
  await page.mouse.move(start.x + start.width / 2 + 2, start.y + start.height / 2 + 2);
  await expect(page.getByTestId("map-hover-marker")).toBeVisible();
  await page.getByRole("button", { name: "Whole trip" }).click();
  await expect(page).not.toHaveURL(/from=/);
  await page.mouse.move(start.x + start.width / 2 + 2, start.y + start.height / 2 + 2);
  await expect(tooltip).toBeVisible();

  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  // A window tall enough for the whole page, so the hover survives the screenshot.
  await page.setViewportSize({ width: 1400, height: 1700 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const top = (await charts.boundingBox())!;
  await page.mouse.move(top.x + top.width * 0.6, top.y + 100);
  await expect(tooltip).toBeVisible();
  await expect(page.getByTestId("map-hover-marker")).toBeVisible();
  await page.screenshot({ path: "test-results/session-view.png" });

  // The same page on a phone, in dark mode: a second picture for a person to check.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 390, height: 2400 });
  await page.mouse.move(0, 0);
  await expect(page.getByRole("img", { name: /Map of the trip/ })).toBeVisible();
  await page.screenshot({ path: "test-results/session-view-phone-dark.png" });
});

test("a sample uploaded while the page is open shows up within seconds", async ({ page }) => {
  await openTheTrip(page);
  const count = page.getByTestId("sample-count");
  await expect(count).toHaveText(dataRequests.length.toLocaleString("en-US"));
  await expect(page.getByText("live", { exact: true })).toBeVisible();
  lastSampleMs += 5000;
  const target = `${uploadPath}?eml=driver%40example.com&v=8&session=${FIXTURE_SESSION}&id=${FIXTURE_DEVICE}&time=${lastSampleMs}&kd=42&kc=1800`;
  const reply = await rawGet(port, Buffer.from(target, "latin1"));
  expect(reply.body).toBe("OK!");
  await expect(count).toHaveText((dataRequests.length + 1).toLocaleString("en-US"), { timeout: 5_000 });
});

test("rename and split the trip from its page", async ({ page }) => {
  await openTheTrip(page);
  const before = Number((await page.getByTestId("sample-count").textContent())!.replace(/,/g, ""));
  await page.getByText("Edit session").click();
  await page.getByLabel("Name", { exact: true }).fill("Morning run to the coast");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Name saved." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Morning run to the coast");

  // Split at the default: the middle of the (whole) trip.
  await page.getByRole("button", { name: "Split…" }).click();
  await page.getByRole("button", { name: "Split now" }).click();
  const outcome = page.getByRole("status").filter({ hasText: /Split: \d+ samples moved/ });
  await expect(outcome).toBeVisible();
  const moved = Number(/Split: (\d+)/.exec((await outcome.textContent())!)![1]);
  expect(moved).toBeGreaterThan(100);
  await expect(page.getByTestId("sample-count")).toHaveText((before - moved).toLocaleString("en-US"));
  await outcome.getByRole("link", { name: "Open the new session" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Morning run to the coast (part 2)");
  await expect(page.getByTestId("sample-count")).toHaveText(moved.toLocaleString("en-US"));
});

test("an unknown session id is not found", async ({ page }) => {
  await signIn(page);
  const response = await page.goto("/sessions/999999");
  expect(response?.status()).toBe(404);
});
