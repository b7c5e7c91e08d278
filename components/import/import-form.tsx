"use client";

import { useId, useRef, useState, type DragEvent } from "react";
import { FileReport } from "./file-report";
import styles from "./import.module.css";
import { uploadImportFile } from "./upload-request";
import type { FileImportReport } from "@/lib/import/report";

export interface DeviceOption {
  id: number;
  label: string;
  sessionCount: number;
}

type Status = "queued" | "uploading" | "processing" | "done" | "failed";

interface Item {
  key: number;
  file: File;
  status: Status;
  progress: number;
  report?: FileImportReport;
  error?: string;
}

const STATUS_TEXT: Record<Status, string> = {
  queued: "Waiting",
  uploading: "Uploading",
  processing: "Importing on the server…",
  done: "Done",
  failed: "Failed",
};

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`; // "100 MB", "2.6 MB"
}

export function ImportForm({ timeZones, defaultTimeZone, devices, maxBytes }: { timeZones: string[]; defaultTimeZone: string; devices: DeviceOption[]; maxBytes: number }) {
  const [items, setItems] = useState<Item[]>([]);
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  const [deviceId, setDeviceId] = useState("");
  const [dragging, setDragging] = useState(false);
  const [running, setRunning] = useState(false);
  const nextKey = useRef(1);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { input: useId(), zone: useId(), device: useId(), hint: useId() };

  const update = (key: number, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  function add(files: FileList | null) {
    if (!files || files.length === 0) return;
    const added = [...files].map((file): Item => {
      const tooBig = file.size > maxBytes;
      return { key: nextKey.current++, file, status: tooBig ? "failed" : "queued", progress: 0, error: tooBig ? `Larger than the import limit of ${size(maxBytes)}.` : undefined };
    });
    setItems((all) => [...all, ...added]);
  }

  async function start() {
    setRunning(true);
    // One file at a time: the server parses each in full, and the box may be small.
    for (const item of items.filter((i) => i.status === "queued")) {
      update(item.key, { status: "uploading", progress: 0 });
      const outcome = await uploadImportFile(
        item.file,
        { timeZone, deviceId },
        (progress) => update(item.key, { progress }),
        () => update(item.key, { status: "processing", progress: 1 }),
      );
      if ("report" in outcome) update(item.key, { status: outcome.report.error ? "failed" : "done", report: outcome.report });
      else update(item.key, { status: "failed", error: outcome.error });
    }
    setRunning(false);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  }

  const queued = items.filter((i) => i.status === "queued").length;
  return (
    <>
      <section className="panel">
        <div
          className={`${styles.dropzone} ${dragging ? styles.dragging : ""}`}
          data-testid="drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop Torque log files (trackLog.csv) here, or</p>
          <label htmlFor={ids.input} className="button">
            Choose files…
          </label>
          <input
            ref={inputRef}
            id={ids.input}
            className={styles.fileInput}
            type="file"
            multiple
            accept=".csv,text/csv,text/plain"
            aria-describedby={ids.hint}
            onChange={(e) => {
              add(e.target.files);
              e.target.value = ""; // choosing the same file again must add it again
            }}
          />
          <p id={ids.hint} className="muted">
            Up to {size(maxBytes)} per file. On the phone they are in Torque&apos;s folder, <span className="mono">torqueLogs/</span>.
          </p>
        </div>
        <div className={styles.options}>
          <div>
            <label htmlFor={ids.zone}>Time zone of the phone</label>
            <select id={ids.zone} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
              {timeZones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            <p className="muted">Device Time in the files has no zone; it is read in this one.</p>
          </div>
          <div>
            <label htmlFor={ids.device}>Device</label>
            <select id={ids.device} value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
              <option value="">Imported (a device of its own)</option>
              {devices.map((d) => (
                <option key={d.id} value={String(d.id)}>
                  {d.label} ({d.sessionCount} trips)
                </option>
              ))}
            </select>
            <p className="muted">Pick the phone that also uploaded these trips: rows of a trip it uploaded join that trip instead of making a copy.</p>
          </div>
        </div>
        <button type="button" className="primary" disabled={running || queued === 0} onClick={() => void start()}>
          {running ? "Importing…" : queued > 1 ? `Import ${queued} files` : "Import"}
        </button>
      </section>

      {items.length === 0 ? (
        <p className="muted">No files chosen yet.</p>
      ) : (
        <ul className={styles.files} aria-label="Files">
          {items.map((item) => (
            <li key={item.key} className="panel" data-testid="import-file">
              <h2 className={styles.fileName}>
                {item.file.name} <span className="muted">({size(item.file.size)})</span>{" "}
                <span className="badge" role="status">
                  {STATUS_TEXT[item.status]}
                </span>
              </h2>
              {item.status === "uploading" || item.status === "processing" ? (
                <progress
                  aria-label={`${item.file.name}: ${STATUS_TEXT[item.status]}`}
                  max={1}
                  value={item.status === "processing" ? undefined : item.progress}
                />
              ) : null}
              {item.error ? (
                <p className="error" role="alert">
                  {item.error}
                </p>
              ) : null}
              {item.report ? <FileReport report={item.report} /> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
