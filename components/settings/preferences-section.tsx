import { updatePreferencesAction } from "@/app/actions/account";
import { ActionForm } from "@/components/forms/action-form";
import { TimeZoneSelect } from "@/components/settings/time-zone-select";

export function PreferencesSection({ zones, timeZone, unitSystem }: { zones: string[]; timeZone: string | null; unitSystem: string }) {
  return (
    <section className="panel" aria-labelledby="preferences-heading" id="preferences">
      <h2 id="preferences-heading">Time zone and units</h2>
      <ActionForm action={updatePreferencesAction} submitLabel="Save preferences" label="Time zone and units">
        <TimeZoneSelect zones={zones} saved={timeZone} />
        <label htmlFor="unit-system">Units</label>
        <select id="unit-system" name="unitSystem" defaultValue={unitSystem}>
          <option value="metric">Metric (km, km/h, °C, L)</option>
          <option value="imperial">Imperial (mi, mph, °F, gal)</option>
        </select>
        <p className="muted">Only the display changes: data stays stored as Torque sent it.</p>
      </ActionForm>
    </section>
  );
}
