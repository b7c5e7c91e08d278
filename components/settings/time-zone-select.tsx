"use client";

import { useEffect, useState } from "react";

/**
 * The IANA zone select. A user who never saved a zone sees their browser's preselected (only
 * known after hydration, hence the effect), with a note that it is not saved yet.
 */
export function TimeZoneSelect({ zones, saved }: { zones: string[]; saved: string | null }) {
  const [zone, setZone] = useState(saved ?? "UTC");
  const [guessed, setGuessed] = useState(false);
  useEffect(() => {
    if (saved) return;
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browser && zones.includes(browser)) {
      setZone(browser);
      setGuessed(true);
    }
  }, [saved, zones]);
  return (
    <>
      <label htmlFor="time-zone">Time zone</label>
      <select id="time-zone" name="timeZone" value={zone} onChange={(e) => setZone(e.target.value)} aria-describedby="time-zone-note">
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      <p id="time-zone-note" className="muted">
        {guessed ? "Your browser's zone, not saved yet." : saved ? "Times everywhere in the app are shown in this zone." : "Not set: times are shown in UTC."}
      </p>
    </>
  );
}
