import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { unzip } from "../support/unzip";
import { signIn } from "./support";

const DEVICE = "0123456789abcdef0123456789abcdef";

test("select three sessions, download them as one zip, and find a Torque CSV per session in it", async ({ page, request }) => {
  await signIn(page);
  // Three trips from a phone, through the real upload URL.
  await page.goto("/settings");
  await page.getByLabel("Name").fill("e2e phone");
  await page.getByRole("button", { name: "Create token" }).click();
  const uploadUrl = (await page.getByTestId("upload-url").textContent()) as string;
  const trips = [Date.UTC(2024, 4, 1, 7, 0), Date.UTC(2024, 4, 2, 7, 0), Date.UTC(2024, 4, 3, 7, 0), Date.UTC(2024, 4, 4, 7, 0)];
  for (const session of trips) {
    for (let i = 0; i < 5; i++) {
      const query = new URLSearchParams({ v: "8", session: String(session), id: DEVICE, time: String(session + i * 1000), kc: String(800 + i), kff1005: "8.5", kff1006: String(50 + i / 1000) });
      const reply = await request.get(`${uploadUrl}?${query}`);
      expect(await reply.text()).toBe("OK!");
    }
  }

  await page.goto("/");
  const boxes = page.getByRole("checkbox", { name: /^Select session of/ });
  await expect(boxes).toHaveCount(4);
  for (const i of [0, 1, 3]) await boxes.nth(i).check();

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download selected (zip)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^torque-sessions_3_.*\.zip$/);
  const entries = unzip(await readFile((await download.path()) as string));
  expect(entries.map((e) => e.name)).toHaveLength(4);
  expect(entries[3].name).toBe("index.csv");
  for (const e of entries.slice(0, 3)) {
    expect(e.name).toMatch(/^2024-05-0\d_0700_\d+\.csv$/);
    const [header, first] = e.data.toString("utf8").split("\n");
    expect(header).toBe(
      "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G),Engine RPM(rpm),GPS Latitude(°),GPS Longitude(°)",
    );
    expect(first).toMatch(/^\w{3} May 0\d 07:00:00 (?:UTC|GMT) 2024,0\d-May-2024 07:00:00\.000,8\.5,50,-,-,-,-,-,-,-,800,50,8\.5$/);
  }
  // The page reports the finished download.
  await expect(page.getByRole("status")).toContainText("Download complete: 3 sessions");
});

test("downloading with nothing selected explains what to do", async ({ page }) => {
  await signIn(page);
  const boxes = page.getByRole("checkbox", { name: /^Select session of/ });
  test.skip((await boxes.count()) === 0, "needs the sessions of the first test");
  await page.getByRole("button", { name: "Download selected (zip)" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Select" })).toHaveText("Select at least one session to download.");
});
