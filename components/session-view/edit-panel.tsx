"use client";

import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import {
  deleteSessionAction,
  renameSessionAction,
  saveNotesAction,
  splitSessionAction,
  trimSessionAction,
  type EditState,
} from "@/app/actions/session-view";
import { fromLocalInputValue, toLocalInputValue } from "@/lib/time/local-input";
import styles from "./session-view.module.css";

/**
 * Rename, notes, trim, split and delete. Times are typed in the page's time zone and sent as
 * epoch ms; trim, split and delete ask once more before they change anything.
 */
interface Props {
  sessionId: number;
  name: string | null;
  notes: string | null;
  sampleCount: number;
  /** The zoomed range (or the whole trip) and a split instant, offered as defaults. */
  range: [number, number];
  splitDefault: number;
  timeZone: string;
}

const initial: EditState = { error: null, message: null };

function Outcome({ state }: { state: EditState }) {
  if (state.error) return <p role="alert" className="error">{state.error}</p>;
  if (state.message)
    return (
      <p role="status" className="ok">
        {state.message}{" "}
        {state.newSessionId ? <Link href={`/sessions/${state.newSessionId}`}>Open the new session</Link> : null}
      </p>
    );
  return null;
}

/**
 * A datetime-local input in `timeZone` that submits epoch ms under `name`. It follows its
 * default (the zoomed range, which changes as one zooms) until the user types in it.
 */
function ZonedTime({ id, label, name, defaultMs, timeZone }: { id: string; label: string; name: string; defaultMs: number; timeZone: string }) {
  const [text, setText] = useState(() => toLocalInputValue(defaultMs, timeZone));
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    if (!edited) setText(toLocalInputValue(defaultMs, timeZone));
  }, [defaultMs, timeZone, edited]);
  const ms = fromLocalInputValue(text, timeZone);
  return (
    <>
      <label htmlFor={id}>
        {label} <span className="muted">({timeZone})</span>
      </label>
      <input id={id} type="datetime-local" step={1} value={text} onChange={(e) => {
          setEdited(true);
          setText(e.target.value);
        }} aria-invalid={ms === null} />
      <input type="hidden" name={name} value={ms ?? ""} />
    </>
  );
}

export function EditPanel({ sessionId, name, notes, sampleCount, range, splitDefault, timeZone }: Props) {
  const [renameState, rename, renaming] = useActionState(renameSessionAction, initial);
  const [notesState, saveNotes, saving] = useActionState(saveNotesAction, initial);
  const [trimState, trim, trimming] = useActionState(trimSessionAction, initial);
  const [splitState, split, splitting] = useActionState(splitSessionAction, initial);
  const [deleteState, remove, deleting] = useActionState(deleteSessionAction, initial);
  const [confirming, setConfirming] = useState<"trim" | "split" | "delete" | null>(null);

  return (
    <section className="panel" aria-labelledby="edit-heading">
      <details>
        <summary>
          <h2 id="edit-heading" style={{ display: "inline", fontSize: "1.1rem" }}>
            Edit session
          </h2>
        </summary>
        <div className={styles.editGrid} style={{ marginTop: "0.8rem" }}>
          <form action={rename}>
            <input type="hidden" name="id" value={sessionId} />
            <label htmlFor="session-name">Name</label>
            <input id="session-name" name="name" type="text" defaultValue={name ?? ""} maxLength={200} placeholder="e.g. Commute, Sunday drive" />
            <button type="submit" disabled={renaming}>{renaming ? "Saving…" : "Save name"}</button>
            <Outcome state={renameState} />
          </form>
          <form action={saveNotes}>
            <input type="hidden" name="id" value={sessionId} />
            <label htmlFor="session-notes">Notes</label>
            <textarea id="session-notes" name="notes" defaultValue={notes ?? ""} maxLength={10000} />
            <button type="submit" disabled={saving}>{saving ? "Saving…" : "Save notes"}</button>
            <Outcome state={notesState} />
          </form>
          <form action={trim} onSubmit={() => setConfirming(null)}>
            <input type="hidden" name="id" value={sessionId} />
            <p style={{ margin: 0 }}>
              <strong>Trim</strong> <span className="muted">— delete the samples outside a range (defaults to the zoomed range).</span>
            </p>
            <ZonedTime id="trim-start" label="Keep from" name="start" defaultMs={range[0]} timeZone={timeZone} />
            <ZonedTime id="trim-end" label="Keep until" name="end" defaultMs={range[1]} timeZone={timeZone} />
            {confirming === "trim" ? (
              <div className={styles.confirm} role="group" aria-label="Confirm trim">
                <p style={{ margin: "0 0 0.4rem" }}>Samples outside this range are deleted for good.</p>
                <div className={styles.row}>
                  <button type="submit" className="danger" disabled={trimming}>{trimming ? "Trimming…" : "Trim now"}</button>
                  <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
                </div>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirming("trim")}>Trim…</button>
            )}
            <Outcome state={trimState} />
          </form>
          <form action={split} onSubmit={() => setConfirming(null)}>
            <input type="hidden" name="id" value={sessionId} />
            <p style={{ margin: 0 }}>
              <strong>Split</strong> <span className="muted">— samples from this instant on become a new session (defaults to the middle of the zoomed range).</span>
            </p>
            <ZonedTime id="split-at" label="Split at" name="at" defaultMs={splitDefault} timeZone={timeZone} />
            {confirming === "split" ? (
              <div className={styles.confirm} role="group" aria-label="Confirm split">
                <p style={{ margin: "0 0 0.4rem" }}>The later part moves to a new session.</p>
                <div className={styles.row}>
                  <button type="submit" className="danger" disabled={splitting}>{splitting ? "Splitting…" : "Split now"}</button>
                  <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
                </div>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirming("split")}>Split…</button>
            )}
            <Outcome state={splitState} />
          </form>
          <form action={remove}>
            <input type="hidden" name="id" value={sessionId} />
            <p style={{ margin: 0 }}>
              <strong>Delete</strong> <span className="muted">— the session and its {sampleCount.toLocaleString("en-US")} samples.</span>
            </p>
            {confirming === "delete" ? (
              <div className={styles.confirm} role="group" aria-label="Confirm delete">
                <p style={{ margin: "0 0 0.4rem" }}>This cannot be undone.</p>
                <div className={styles.row}>
                  <button type="submit" className="danger" disabled={deleting}>{deleting ? "Deleting…" : "Delete session"}</button>
                  <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
                </div>
              </div>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirming("delete")}>Delete…</button>
            )}
            <Outcome state={deleteState} />
          </form>
        </div>
      </details>
    </section>
  );
}
