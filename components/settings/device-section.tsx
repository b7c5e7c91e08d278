import { setRestrictDevicesAction, updateDeviceAction } from "@/app/actions/devices";
import { ActionForm } from "@/components/forms/action-form";
import type { DeviceRow } from "@/lib/devices";
import { formatInZone } from "@/lib/time";

export function DeviceSection({ devices, restrict, timeZone }: { devices: DeviceRow[]; restrict: boolean; timeZone: string }) {
  return (
    <section className="panel" aria-labelledby="devices-heading" id="devices">
      <h2 id="devices-heading">Devices</h2>
      <p className="muted">
        Every phone that uploaded with one of your tokens, by its Torque ID. With the allow-list on, only devices marked
        “may upload” are accepted, and a phone seen for the first time is refused until you allow it here.
      </p>
      <ActionForm action={setRestrictDevicesAction} submitLabel="Save allow-list setting" label="Device allow-list">
        <label className="check">
          <input type="checkbox" name="restrictDevices" defaultChecked={restrict} /> Only allowed devices may upload
        </label>
      </ActionForm>
      {devices.length === 0 ? (
        <p>No device has uploaded yet.</p>
      ) : (
        <ul className="device-list">
          {devices.map((d) => {
            const label = d.nickname ?? d.torqueId.slice(0, 8);
            return (
              <li key={d.id}>
                <ActionForm action={updateDeviceAction} submitLabel="Save" label={`Device ${label}`}>
                  <input type="hidden" name="id" value={d.id} />
                  <p className="mono muted">
                    {d.torqueId}
                    {d.email ? ` · ${d.email}` : ""} · {d.sessionCount} session{d.sessionCount === 1 ? "" : "s"} · last seen{" "}
                    {d.lastSeenAt ? formatInZone(Date.parse(d.lastSeenAt), timeZone).slice(0, 16) : "never"}
                  </p>
                  <label htmlFor={`nickname-${d.id}`}>Nickname</label>
                  <input id={`nickname-${d.id}`} name="nickname" defaultValue={d.nickname ?? ""} maxLength={60} placeholder="e.g. Van phone" />
                  <label className="check">
                    <input type="checkbox" name="allowed" defaultChecked={d.allowed} /> May upload
                  </label>
                </ActionForm>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
