import { expect, test } from "@playwright/test";
import { signIn } from "./support";

const HEADER = "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing,Engine Coolant Temperature(°F)";

function trip(day: number, rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    lines.push(`-,${String(day).padStart(2, "0")}-Mar-2016 06:58:${String(10 + i).padStart(2, "0")}.846,-121.46,38.41,25.2,4.0,-51.0,109.5,${180 + i}`);
  }
  return `${lines.join("\n")}\n`;
}

test("dropping two files imports each and shows a report per file", async ({ page }) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import Torque logs" })).toBeVisible();
  await page.getByLabel("Time zone of the phone").selectOption("America/Los_Angeles");

  const files = [
    { name: "trackLog-0329.csv", content: trip(29, 12) },
    { name: "holiday-photo.csv", content: "this is not a Torque log\n" },
  ];
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.content], f.name, { type: "text/csv" }));
    return dt;
  }, files);
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("import-file")).toHaveCount(2);
  await page.getByRole("button", { name: "Import 2 files" }).click();

  const good = page.getByTestId("import-file").filter({ hasText: "trackLog-0329.csv" });
  await expect(good.getByRole("status")).toHaveText("Done");
  const row = good.getByRole("row").filter({ hasText: "new trip" });
  await expect(row.getByRole("cell").nth(2)).toHaveText("12"); // rows read
  await expect(row.getByRole("cell").nth(3)).toHaveText("12"); // new samples
  await expect(good).toContainText("2016-03-29 06:58:10 – 06:58:21"); // in the chosen zone
  await expect(good).toContainText("Every row was used.");

  const bad = page.getByTestId("import-file").filter({ hasText: "holiday-photo.csv" });
  await expect(bad.getByRole("status")).toHaveText("Failed");
  await expect(bad.getByRole("alert")).toContainText("No Torque log header found");
});

test("the file picker works for keyboard users, and importing a file again adds nothing", async ({ page }) => {
  await signIn(page);
  await page.goto("/import");
  await page.getByLabel("Time zone of the phone").selectOption("America/Los_Angeles");
  const file = { name: "trackLog-0330.csv", mimeType: "text/csv", buffer: Buffer.from(trip(30, 8)) };
  const items = page.getByTestId("import-file");
  for (const [i, result, inserted, unchanged] of [[0, "new trip", "8", "0"], [1, "added to existing trip", "0", "8"]] as const) {
    await page.getByLabel("Choose files…").setInputFiles(file);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(items.nth(i).getByRole("status")).toHaveText("Done");
    const row = items.nth(i).getByRole("row").filter({ hasText: result });
    await expect(row.getByRole("cell").nth(3)).toHaveText(inserted); // new samples
    await expect(row.getByRole("cell").nth(5)).toHaveText(unchanged); // already stored
  }
});
