"use client";

import { useId, useRef, useState, useTransition, type KeyboardEvent } from "react";
import { updateSessionAction } from "@/app/actions/sessions";
import type { SessionListItem } from "@/lib/sessions/list-model";
import { formatStart } from "./format";

/** Name, notes and tags of one session, renamed and annotated in place. */
export function SessionNameCell({ session, timeZone }: { session: SessionListItem; timeZone: string }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const editButton = useRef<HTMLButtonElement>(null);
  const label = `session of ${formatStart(session.startedAt, timeZone)}`;

  const close = () => {
    setEditing(false);
    setError(null);
    // Back to the button that opened the editor, so keyboard users keep their place.
    requestAnimationFrame(() => editButton.current?.focus());
  };

  const save = (form: HTMLFormElement) => {
    const data = new FormData(form);
    startTransition(async () => {
      const result = await updateSessionAction(session.id, { name: String(data.get("name") ?? ""), notes: String(data.get("notes") ?? "") });
      if (result.ok) close();
      else setError(result.error);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  };

  if (editing) {
    return (
      <form
        className="inline-edit"
        aria-label={`Edit ${label}`}
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          save(e.currentTarget);
        }}
      >
        <label htmlFor={`${id}-name`} className="sr-only">
          Name
        </label>
        <input id={`${id}-name`} name="name" defaultValue={session.name ?? ""} placeholder="Name" maxLength={200} autoFocus />
        <label htmlFor={`${id}-notes`} className="sr-only">
          Notes
        </label>
        <textarea id={`${id}-notes`} name="notes" defaultValue={session.notes ?? ""} placeholder="Notes" rows={2} maxLength={10_000} />
        <div className="inline-edit-actions">
          <button type="submit" className="primary" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
      </form>
    );
  }

  return (
    <div className="name-cell">
      <div>
        {session.name ? <span className="session-name">{session.name}</span> : <span className="muted">Untitled</span>}
        {session.tags.map((t) => (
          <span key={t} className="badge tag">
            {t}
          </span>
        ))}
        {session.notes ? <div className="muted notes">{session.notes}</div> : null}
      </div>
      <button ref={editButton} type="button" className="link-button" onClick={() => setEditing(true)} aria-label={`Rename or add notes: ${label}`}>
        Edit
      </button>
    </div>
  );
}
