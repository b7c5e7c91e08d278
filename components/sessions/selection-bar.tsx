"use client";

import { useId, useRef, useState, useTransition } from "react";
import { deleteSessionsAction, mergeSessionsAction, tagSessionsAction, type ActionResult, type SelectionInput } from "@/app/actions/sessions";
import { DownloadProgress } from "@/components/downloads/download-progress";
import { downloadQuery, type SelectionTarget } from "./list-url";
import { formatNumber } from "./format";

const sessions = (n: number) => `${formatNumber(n)} session${n === 1 ? "" : "s"}`;

type Confirm = { kind: "delete" | "merge" } | null;

/**
 * What can be done with the selection: download (hand-off to the downloads page), delete and
 * merge (each confirmed, with the count), add or remove a tag. A selection of "all N matching"
 * is sent as the filter, never as N ids.
 */
export function SelectionBar({
  target,
  count,
  tags,
  onDone,
  onClear,
}: {
  target: SelectionTarget;
  count: number;
  tags: string[];
  /** After an action, with its outcome; `clear` when the selected sessions are gone. */
  onDone: (result: ActionResult, clear: boolean) => void;
  onClear: () => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [tag, setTag] = useState("");
  const [pending, startTransition] = useTransition();
  const selection: SelectionInput = target.kind === "ids" ? { ids: target.ids } : { filter: target.filter };
  const canMerge = target.kind === "ids" && target.ids.length >= 2;

  const act = (fn: () => Promise<ActionResult>, clearAfter: boolean) => {
    startTransition(async () => {
      const r = await fn();
      dialog.current?.close();
      setConfirm(null);
      onDone(r, r.ok && clearAfter);
    });
  };
  const ask = (kind: "delete" | "merge") => {
    setConfirm({ kind });
    dialog.current?.showModal();
  };

  return (
    <div className="panel selection-bar" role="region" aria-label="Selected sessions">
      <strong aria-live="polite">{sessions(count)} selected</strong>
      <form id={`${id}-download`} method="get" action="/sessions/download" className="inline">
        {downloadQuery(target).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="primary">
          Download
        </button>
      </form>
      <DownloadProgress formId={`${id}-download`} />
      <button type="button" className="danger" onClick={() => ask("delete")} disabled={pending}>
        Delete…
      </button>
      <button type="button" onClick={() => ask("merge")} disabled={pending || !canMerge} title={canMerge ? undefined : "Select two or more adjacent sessions of one device"}>
        Merge…
      </button>
      <span className="tag-editor">
        <label htmlFor={`${id}-tag`} className="sr-only">
          Tag
        </label>
        <input id={`${id}-tag`} list={`${id}-tags`} value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Tag" size={10} maxLength={50} />
        <datalist id={`${id}-tags`}>
          {tags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <button type="button" disabled={pending || tag.trim() === ""} onClick={() => act(() => tagSessionsAction(selection, "add", tag), false)}>
          Add tag
        </button>
        <button type="button" disabled={pending || tag.trim() === ""} onClick={() => act(() => tagSessionsAction(selection, "remove", tag), false)}>
          Remove tag
        </button>
      </span>
      <button type="button" className="link-button" onClick={onClear}>
        Clear selection
      </button>
      {pending ? <span className="muted">Working…</span> : null}
      <dialog ref={dialog} aria-labelledby={`${id}-title`} onClose={() => setConfirm(null)}>
        {confirm?.kind === "delete" ? (
          <>
            <h2 id={`${id}-title`}>Delete {sessions(count)}?</h2>
            <p>Their samples and notices are deleted too. This cannot be undone.</p>
            <div className="dialog-actions">
              <button type="button" onClick={() => dialog.current?.close()} autoFocus>
                Cancel
              </button>
              <button type="button" className="danger" disabled={pending} onClick={() => act(() => deleteSessionsAction(selection), true)}>
                {pending ? "Deleting…" : `Delete ${sessions(count)}`}
              </button>
            </div>
          </>
        ) : confirm?.kind === "merge" && target.kind === "ids" ? (
          <>
            <h2 id={`${id}-title`}>Merge {sessions(count)}?</h2>
            <p>Their samples move into the earliest session and the others are deleted. They must be neighbouring trips of one device.</p>
            <div className="dialog-actions">
              <button type="button" onClick={() => dialog.current?.close()} autoFocus>
                Cancel
              </button>
              <button type="button" className="primary" disabled={pending} onClick={() => act(() => mergeSessionsAction(target.ids), true)}>
                {pending ? "Merging…" : `Merge ${sessions(count)}`}
              </button>
            </div>
          </>
        ) : null}
      </dialog>
    </div>
  );
}
