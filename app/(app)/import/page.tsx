import type { Metadata } from "next";
import { ImportForm } from "@/components/import/import-form";
import { requireUserWith } from "@/lib/auth/current-user";
import { loadConfig } from "@/lib/config";
import { listImportDevices } from "@/lib/import/targets";

export const metadata: Metadata = { title: "Import" };

function timeZoneList(current: string): string[] {
  const zones = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  zones.add(current);
  return [...zones];
}

export default async function ImportPage() {
  const { user } = await requireUserWith("writeData");
  const devices = await listImportDevices(user.id);
  const defaultTimeZone = user.timeZone ?? "UTC";
  return (
    <>
      <h1>Import Torque logs</h1>
      <p className="muted">
        Bring in the CSV logs Torque Pro keeps on the phone (trackLog.csv): trips from before this server existed, or from while
        it was down. Importing a file again adds nothing twice.
      </p>
      <ImportForm
        timeZones={timeZoneList(defaultTimeZone)}
        defaultTimeZone={defaultTimeZone}
        devices={devices.filter((d) => !d.imported).map(({ id, label, sessionCount }) => ({ id, label, sessionCount }))}
        maxBytes={loadConfig().IMPORT_MAX_BYTES}
      />
    </>
  );
}
