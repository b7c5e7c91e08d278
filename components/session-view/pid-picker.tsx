"use client";

import { useId, useMemo, useState } from "react";
import { PID_CATEGORIES } from "@/lib/pids/categories";
import type { PidInfo } from "@/lib/pids/catalog";
import type { UnitSystem } from "@/lib/units";
import { resolveDisplayUnit, unitChoices } from "@/lib/units/pid-display";
import styles from "./session-view.module.css";

/**
 * Which PIDs to chart: a search box, the charted ones with their display unit, then every PID
 * of the session grouped by category (favourites first). Favourites are remembered per user.
 */
interface Props {
  pids: PidInfo[];
  selected: string[];
  max: number;
  favourites: ReadonlySet<string>;
  /** The user's display-unit overrides and unit system (see lib/units/pid-display.ts). */
  overrides: Readonly<Record<string, string>>;
  system: UnitSystem;
  onToggle: (key: string) => void;
  onFavourite: (key: string, favourite: boolean) => void;
  onUnit: (key: string, unit: string | null) => void;
}

const matches = (pid: PidInfo, query: string) =>
  query === "" || `${pid.name} ${pid.shortName ?? ""} ${pid.key}`.toLowerCase().includes(query.toLowerCase());

export function PidPicker({ pids, selected, max, favourites, overrides, system, onToggle, onFavourite, onUnit }: Props) {
  const [query, setQuery] = useState("");
  const id = useId();
  const byKey = useMemo(() => new Map(pids.map((p) => [p.key, p])), [pids]);
  const groups = useMemo(() => {
    const visible = pids.filter((p) => matches(p, query.trim()));
    const favs = visible.filter((p) => favourites.has(p.key));
    const rest = visible.filter((p) => !favourites.has(p.key));
    return [
      { name: "Favourites", pids: favs },
      ...PID_CATEGORIES.map((c) => ({ name: c, pids: rest.filter((p) => p.category === c).sort((a, b) => a.name.localeCompare(b.name)) })),
    ].filter((g) => g.pids.length > 0);
  }, [pids, query, favourites]);
  const full = selected.length >= max;
  const defaultUnit = (pid: PidInfo) => resolveDisplayUnit({ stored: pid.unit, phone: pid.phoneUnit, system });
  const shownUnit = (pid: PidInfo) => resolveDisplayUnit({ stored: pid.unit, phone: pid.phoneUnit, override: overrides[pid.key], system });

  return (
    <section className={`panel ${styles.picker}`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} style={{ fontSize: "1rem", margin: "0 0 0.4rem" }}>
        PIDs
      </h2>
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Find a PID…"
        aria-label="Find a PID"
        data-testid="pid-search"
      />
      {selected.length > 0 ? (
        <fieldset>
          <legend>Charted ({selected.length})</legend>
          {selected.map((key) => {
            const pid = byKey.get(key);
            if (!pid) return null;
            const choices = unitChoices(pid.unit);
            return (
              <div key={key} className={styles.pidRow}>
                <button type="button" className={styles.star} onClick={() => onToggle(key)} aria-label={`Stop charting ${pid.name}`} title="Remove">
                  ✕
                </button>
                <span title={pid.name}>{pid.name}</span>
                {choices.length > 1 ? (
                  <select
                    aria-label={`Unit for ${pid.name}`}
                    value={overrides[key] ?? ""}
                    onChange={(e) => onUnit(key, e.target.value === "" ? null : e.target.value)}
                  >
                    <option value="" title={pid.phoneUnit === defaultUnit(pid) ? "The unit your phone shows" : "Your unit system's unit"}>
                      {defaultUnit(pid)}
                    </option>
                    {choices.filter((u) => u !== defaultUnit(pid)).map((u) => (
                      <option key={u} value={u}>
                        {u}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className={styles.pidUnit}>{shownUnit(pid)}</span>
                )}
              </div>
            );
          })}
          {full ? <p className="muted">At most {max} PIDs at once.</p> : null}
        </fieldset>
      ) : (
        <p className="muted">Tick PIDs below to chart them.</p>
      )}
      {groups.length === 0 ? <p className="muted">No PID matches “{query}”.</p> : null}
      {groups.map((group) => (
        <fieldset key={group.name}>
          <legend>{group.name}</legend>
          {group.pids.map((pid) => {
            const checked = selected.includes(pid.key);
            const favourite = favourites.has(pid.key);
            return (
              <div key={pid.key} className={styles.pidRow}>
                <input
                  type="checkbox"
                  id={`${id}-${pid.key}`}
                  checked={checked}
                  disabled={!checked && full}
                  onChange={() => onToggle(pid.key)}
                />
                <label htmlFor={`${id}-${pid.key}`} title={`${pid.name} (PID ${pid.key})`}>
                  <span>{pid.name}</span>
                  {shownUnit(pid) ? <span className={styles.pidUnit}>{shownUnit(pid)}</span> : null}
                </label>
                <button
                  type="button"
                  className={styles.star}
                  aria-pressed={favourite}
                  aria-label={`Favourite: ${pid.name}`}
                  title={favourite ? "Remove from favourites" : "Add to favourites (charted by default)"}
                  onClick={() => onFavourite(pid.key, !favourite)}
                >
                  {favourite ? "★" : "☆"}
                </button>
              </div>
            );
          })}
        </fieldset>
      ))}
    </section>
  );
}
