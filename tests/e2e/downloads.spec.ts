import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { unzip } from "../support/unzip";
import { deleteAllSessions, signIn } from "./support";

/**
 * Bulk download in a real browser: four trips uploaded the way Torque does, three selected in
 * the session list, one click on Download: the browser saves one zip with a Torque-style CSV
 * per session and index.csv, and the page reports the finished download.
 */
test.use({ timezoneId: "UTC" });

const DEVICE = "0123456789abcdef0123456789abcdef";

test("select three sessions, download one zip, find a Torque CSV per session in it", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await deleteAllSessions(page);
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create an upload token" });
  await form.getByLabel("Name").fill("Download test phone");
  await form.getByRole("button", { name: "Create upload token" }).click();
  const uploadUrl = (await page.getByTestId("upload-url").textContent()) ?? "";
  const trips = [Date.UTC(2024, 4, 1, 7, 0), Date.UTC(2024, 4, 2, 7, 0), Date.UTC(2024, 4, 3, 7, 0), Date.UTC(2024, 4, 4, 7, 0)];
  for (const session of trips) {
    for (let i = 0; i < 5; i++) {
      const query = new URLSearchParams({ v: "8", session: String(session), id: DEVICE, time: String(session + i * 1000), kc: String(800 + i), kff1005: "8.5", kff1006: String(50 + i / 1000) });
      const reply = await page.request.get(`${uploadUrl}?${query}`);
      expect(await reply.text()).toBe("OK!");
    }
  }

  await page.goto("/");
  const boxes = page.getByRole("checkbox", { name: /^Select session of/ });
  await expect(boxes).toHaveCount(4);
  for (const i of [0, 1, 3]) await boxes.nth(i).check();
  const bar = page.getByRole("region", { name: "Selected sessions" });
  await expect(bar).toContainText("3 sessions selected");

  const downloading = page.waitForEvent("download");
  await bar.getByRole("button", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^torque-sessions_3_.*\.zip$/);
  const entries = unzip(await readFile((await download.path()) as string));
  expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(["index.csv"]));
  expect(entries).toHaveLength(4);
  for (const e of entries.filter((x) => x.name !== "index.csv")) {
    expect(e.name).toMatch(/^2024-05-0[134]_0700_\d+\.csv$/);
    const [header, first] = e.data.toString("utf8").split("\n");
    expect(header).toBe(
      "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G),Engine RPM(rpm),GPS Latitude(°),GPS Longitude(°)",
    );
    expect(first).toMatch(/^\w{3} May 0\d 07:00:00 (?:UTC|GMT) 2024,0\d-May-2024 07:00:00\.000,8\.5,50,-,-,-,-,-,-,-,800,50,8\.5$/);
  }
  // The page follows the download on the server and reports its end.
  await expect(bar.getByRole("status")).toContainText("Download complete: 3 sessions");

  // One session's page offers its own files.
  await page.getByRole("link", { name: "2024-05-04 07:00" }).click();
  await expect(page.getByRole("link", { name: "GPX" })).toBeVisible();
  const csv = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const single = await csv;
  expect(single.suggestedFilename()).toMatch(/^2024-05-04_0700_1714806000000\.csv$/);
  expect((await readFile((await single.path()) as string, "utf8")).split("\n")).toHaveLength(7); // header, 5 samples, final line end
});
