"use client";

import { useId, useState, type FormEvent } from "react";
import type { SessionFilterOptions } from "@/lib/sessions/list-model";
import type { UnitSystem } from "@/lib/units";
import { activePreset, datePresets, hasFilters, noFilters, type DatePreset, type ListParams } from "./list-url";
import { displayUnit, fromStored, toStored } from "./format";

/** "Hide tiny sessions": what every Torque user gets when the app starts without driving. */
const TINY = { minSamples: "10", minDurationS: "60" };

const PRESET_LABELS: Record<DatePreset, string> = { today: "Today", last7: "Last 7 days", month: "This month" };

type Change = Record<string, string | null>;

function initialFields(params: ListParams, unitSystem: UnitSystem) {
  const km = params.minDistanceKm ? Number(params.minDistanceKm) : NaN;
  const shown = Number.isFinite(km) ? fromStored(km, "km", unitSystem) : null;
  const minutes = params.minDurationS ? Number(params.minDurationS) / 60 : NaN;
  return {
    q: params.q ?? "",
    from: params.from?.slice(0, 10) ?? "",
    to: params.to?.slice(0, 10) ?? "",
    hasPid: params.hasPid ?? "",
    minSamples: params.minSamples ?? "",
    minMinutes: Number.isFinite(minutes) ? String(Math.round(minutes * 100) / 100) : "",
    minDistance: shown === null ? "" : String(Math.round(shown * 100) / 100),
  };
}

/**
 * Search and filters. Menus, checkboxes and date presets apply at once; typed fields apply on
 * Enter or "Apply". Every value ends up in the URL (see list-url.ts), never in hidden state.
 */
export function SessionFilters({
  params,
  options,
  timeZone,
  unitSystem,
  onApply,
}: {
  params: ListParams;
  options: SessionFilterOptions;
  timeZone: string;
  unitSystem: UnitSystem;
  onApply: (change: Change) => void;
}) {
  const id = useId();
  const [fields, setFields] = useState(() => initialFields(params, unitSystem));
  const [presets] = useState(() => datePresets(Date.now(), timeZone));
  const preset = activePreset(params, presets);
  const distanceUnit = displayUnit("km", unitSystem);
  const tiny = params.minSamples === TINY.minSamples && params.minDurationS === TINY.minDurationS;
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));

  const typedChange = (): Change => {
    const distance = fields.minDistance.trim() === "" ? null : Number(fields.minDistance);
    const km = distance === null || !Number.isFinite(distance) ? null : toStored(distance, "km", unitSystem);
    const minutes = fields.minMinutes.trim() === "" ? null : Number(fields.minMinutes);
    return {
      q: fields.q.trim() || null,
      from: fields.from || null,
      to: fields.to || null,
      hasPid: fields.hasPid.trim() || null,
      minSamples: fields.minSamples.trim() || null,
      // Invalid numbers are passed on as typed: the server names the field that is wrong.
      minDurationS: minutes === null ? null : Number.isFinite(minutes) ? String(Math.round(minutes * 60)) : fields.minMinutes,
      minDistanceKm: distance === null ? null : km === null ? fields.minDistance : String(Math.round(km * 1000) / 1000),
    };
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(typedChange());
  };
  const applyNow = (change: Change) => onApply({ ...typedChange(), ...change });

  return (
    <form className="panel session-filters" role="search" aria-label="Filter sessions" onSubmit={submit}>
      <div className="filter-row">
        <div className="grow">
          <label htmlFor={`${id}-q`}>Search</label>
          <input id={`${id}-q`} type="search" value={fields.q} onChange={set("q")} placeholder="Name, notes, vehicle, device" maxLength={200} />
        </div>
        <div>
          <label htmlFor={`${id}-vehicle`}>Vehicle</label>
          <select id={`${id}-vehicle`} value={params.vehicle ?? ""} onChange={(e) => applyNow({ vehicle: e.target.value })}>
            <option value="">All vehicles</option>
            {options.vehicles.map((v) => (
              <option key={v.id} value={String(v.id)}>
                {v.name} ({v.device})
              </option>
            ))}
            {params.vehicle && !options.vehicles.some((v) => String(v.id) === params.vehicle) ? <option value={params.vehicle}>{params.vehicle}</option> : null}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-device`}>Device</label>
          <select id={`${id}-device`} value={params.device ?? ""} onChange={(e) => applyNow({ device: e.target.value })}>
            <option value="">All devices</option>
            {options.devices.map((d) => (
              <option key={d.id} value={String(d.id)}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        {options.tags.length > 0 ? (
          <div>
            <label htmlFor={`${id}-tag`}>Tag</label>
            <select id={`${id}-tag`} value={params.tag ?? ""} onChange={(e) => applyNow({ tag: e.target.value })}>
              <option value="">Any tag</option>
              {options.tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor={`${id}-gps`}>GPS</label>
          <select id={`${id}-gps`} value={params.hasGps ?? ""} onChange={(e) => applyNow({ hasGps: e.target.value })}>
            <option value="">Any</option>
            <option value="true">With GPS track</option>
            <option value="false">Without GPS</option>
          </select>
        </div>
      </div>

      <fieldset className="filter-row">
        <legend>Started</legend>
        <div className="presets" role="group" aria-label="Date presets">
          {(Object.keys(PRESET_LABELS) as DatePreset[]).map((name) => (
            <button key={name} type="button" aria-pressed={preset === name} onClick={() => applyNow(preset === name ? { from: null, to: null } : presets[name])}>
              {PRESET_LABELS[name]}
            </button>
          ))}
        </div>
        <div>
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={fields.from} onChange={set("from")} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={fields.to} onChange={set("to")} />
        </div>
        <span className="muted zone-note">Days in {timeZone}</span>
      </fieldset>

      <div className="filter-row">
        <label className="check">
          <input type="checkbox" checked={tiny} onChange={(e) => applyNow(e.target.checked ? TINY : { minSamples: null, minDurationS: null })} />
          Hide tiny sessions (under 10 samples or 1 minute)
        </label>
        <label className="check">
          <input type="checkbox" checked={params.live === "true"} onChange={(e) => applyNow({ live: e.target.checked ? "true" : null })} />
          Live only
        </label>
      </div>

      <details className="more-filters" open={Boolean(params.hasPid || params.minDistanceKm || (params.minSamples && !tiny))}>
        <summary>More filters</summary>
        <div className="filter-row">
          <div>
            <label htmlFor={`${id}-pid`}>Has PID</label>
            <input id={`${id}-pid`} list={`${id}-pids`} value={fields.hasPid} onChange={set("hasPid")} placeholder="e.g. ff1005" size={12} />
            <datalist id={`${id}-pids`}>
              {options.pids.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </datalist>
          </div>
          <div>
            <label htmlFor={`${id}-samples`}>Min. samples</label>
            <input id={`${id}-samples`} inputMode="numeric" value={fields.minSamples} onChange={set("minSamples")} size={7} />
          </div>
          <div>
            <label htmlFor={`${id}-minutes`}>Min. duration (min)</label>
            <input id={`${id}-minutes`} inputMode="decimal" value={fields.minMinutes} onChange={set("minMinutes")} size={7} />
          </div>
          <div>
            <label htmlFor={`${id}-distance`}>Min. distance ({distanceUnit})</label>
            <input id={`${id}-distance`} inputMode="decimal" value={fields.minDistance} onChange={set("minDistance")} size={7} />
          </div>
        </div>
      </details>

      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        {hasFilters(params) ? (
          <button type="button" onClick={() => onApply(noFilters())}>
            Clear filters
          </button>
        ) : null}
      </div>
    </form>
  );
}
