"use client";

import { useEffect, useRef, useState } from "react";
import { describeProgress, type ExportProgressReport } from "./progress-text";

/**
 * Progress and Cancel for a bulk download started by a plain form (GET /sessions/download).
 * The browser itself downloads the zip (straight to disk, with its own progress and any size);
 * this shows what the server reports: sessions done of the total and bytes sent, polled once a
 * second by a job id put into the form just before it is submitted. Cancel stops the server.
 */
const POLL_MS = 1000;
/** How long to wait for a download to show up before giving up on following it. */
const START_TIMEOUT_MS = 60_000;

function newJobId(): string {
  // getRandomValues works on plain http (a LAN address); randomUUID needs a secure context.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function DownloadProgress({ formId }: { formId: string }) {
  const [job, setJob] = useState<string | null>(null);
  const [report, setReport] = useState<ExportProgressReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const jobRef = useRef<string | null>(null);

  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const onSubmit = (event: SubmitEvent) => {
      if (jobRef.current !== null) {
        event.preventDefault();
        setProblem("A download is already running: wait for it or cancel it.");
        return;
      }
      // The selection is the form's "ids" (checked boxes, or a hidden list) or "all" (a filter).
      // form.elements includes inputs placed outside the form with form="…".
      const anySelected = Array.from(form.elements).some(
        (el) => el instanceof HTMLInputElement && ((el.name === "ids" && (el.type === "checkbox" ? el.checked : el.value !== "")) || el.name === "all"),
      );
      if (!anySelected) {
        event.preventDefault();
        setProblem("Select at least one session to download.");
        return;
      }
      const id = newJobId();
      let field = form.querySelector<HTMLInputElement>('input[name="job"]');
      if (field === null) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "job";
        form.append(field);
      }
      field.value = id;
      jobRef.current = id;
      setProblem(null);
      setReport(null);
      setJob(id);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [formId]);

  useEffect(() => {
    if (job === null) return;
    let stopped = false;
    const started = Date.now();
    const poll = async () => {
      if (stopped) return;
      try {
        const response = await fetch(`/api/sessions/export/${job}`, { cache: "no-store" });
        if (response.ok) {
          const next = (await response.json()) as ExportProgressReport;
          setReport(next);
          if (next.state !== "running") {
            jobRef.current = null;
            return;
          }
        } else if (response.status === 404 && Date.now() - started > START_TIMEOUT_MS) {
          setProblem("The download did not start. Try again.");
          jobRef.current = null;
          setJob(null);
          return;
        }
      } catch {
        // A missed poll is fine: the next one catches up.
      }
      setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [job]);

  const cancel = async () => {
    if (job === null) return;
    const response = await fetch(`/api/sessions/export/${job}`, { method: "DELETE" });
    if (response.ok) setReport((await response.json()) as ExportProgressReport);
    jobRef.current = null;
  };

  const running = job !== null && (report === null || report.state === "running");
  return (
    <div className="download-progress">
      <p role="status" aria-live="polite" className={report?.state === "failed" ? "error" : undefined}>
        {job !== null ? describeProgress(report) : null}
      </p>
      {running && report?.total ? <progress max={report.total} value={report.done} aria-label="Sessions downloaded" /> : null}
      {running ? (
        <button type="button" onClick={() => void cancel()}>
          Cancel download
        </button>
      ) : null}
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
