"use client";

import { useState } from "react";

/**
 * Copies `text`. The clipboard API needs a secure context (https or localhost); on plain http
 * over the LAN it is missing, so the fallback selects the text for Ctrl+C / long-press.
 */
export function CopyButton({ text, targetId, label = "Copy" }: { text: string; targetId: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "selected">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      const target = document.getElementById(targetId);
      const selection = window.getSelection();
      if (target && selection) {
        const range = document.createRange();
        range.selectNodeContents(target);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setState("selected");
    }
  }
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="muted">
        {state === "copied" ? "Copied." : state === "selected" ? "Selected: press Ctrl+C (or long-press) to copy." : ""}
      </span>
    </>
  );
}
