"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { RowSelectionState } from "@tanstack/react-table";
import type { ActionResult } from "@/app/actions/sessions";
import { DEFAULT_LIMIT, type SessionFilterOptions, type SessionListPage } from "@/lib/sessions/list-model";
import type { UnitSystem } from "@/lib/units";
import { formatNumber } from "./format";
import { currentSort, filterParams, hasFilters, listHref, noFilters, type ListParams, type SelectionTarget } from "./list-url";
import { useSessionTable } from "./session-columns";
import { SessionFilters } from "./session-filters";
import { SessionTable } from "./session-table";
import { SelectionBar } from "./selection-bar";

const PAGE_SIZES = [25, 50, 100, 200];

/**
 * The home page: every session of the user, sorted, searched, filtered and paged on the
 * server, with the state in the URL. Selection is the client's: ids picked on any page, or
 * "all N matching" (then the selection is the filter itself, whatever its size).
 */
export function SessionBrowser({
  page,
  params,
  options,
  timeZone,
  reportZone,
  unitSystem,
}: {
  page: SessionListPage;
  params: ListParams;
  options: SessionFilterOptions;
  timeZone: string;
  /** The user chose no zone: report the browser's, so times and days are local. */
  reportZone: boolean;
  unitSystem: UnitSystem;
}) {
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  const [notice, setNotice] = useState<ActionResult | null>(null);
  const { sort, order } = currentSort(params);
  const limit = Number(params.limit) || DEFAULT_LIMIT;

  const navigate = (changes: Record<string, string | null>) => {
    setNotice(null);
    startNavigation(() => router.push(listHref(params, changes)));
  };

  useEffect(() => {
    if (!reportZone) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === timeZone || document.cookie.split("; ").includes(`tz=${zone}`)) return;
    document.cookie = `tz=${zone}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [reportZone, timeZone, router]);

  const table = useSessionTable({
    items: page.items,
    total: page.total,
    limit,
    sort,
    order,
    rowSelection,
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection((old) => (typeof updater === "function" ? updater(old) : updater));
    },
    onSort: (s, o) => navigate({ sort: s, order: o }),
    onPageSize: (n) => navigate({ limit: String(n) }),
    meta: { timeZone, unitSystem },
  });

  const selectedIds = Object.keys(rowSelection).map(Number);
  const target: SelectionTarget | null = allMatching
    ? { kind: "all", filter: filterParams(params) }
    : selectedIds.length > 0
      ? { kind: "ids", ids: selectedIds }
      : null;
  const selectedCount = allMatching ? page.total : selectedIds.length;
  const pageAllSelected = page.items.length > 0 && table.getIsAllPageRowsSelected();
  const clearSelection = () => {
    setAllMatching(false);
    setRowSelection({});
  };

  return (
    <section aria-labelledby="sessions-heading" className="session-browser">
      <div className="heading-row">
        <h1 id="sessions-heading">Sessions</h1>
        <span className="muted" aria-live="polite">
          {navigating ? "Loading…" : `${formatNumber(page.total)} ${hasFilters(params) ? "matching" : "in total"}`}
        </span>
      </div>

      <SessionFilters params={params} options={options} timeZone={timeZone} unitSystem={unitSystem} onApply={navigate} />

      <div aria-live="polite" className="notice-area">
        {notice ? <p className={notice.ok ? "ok" : "error"}>{notice.ok ? notice.message : notice.error}</p> : null}
      </div>

      {target ? (
        <SelectionBar
          target={target}
          count={selectedCount}
          tags={options.tags}
          onClear={clearSelection}
          onDone={(result, clear) => {
            setNotice(result);
            if (clear) clearSelection();
          }}
        />
      ) : null}

      {(pageAllSelected || allMatching) && page.total > page.items.length ? (
        <p className="select-all-banner">
          {allMatching ? (
            <>
              All {formatNumber(page.total)} matching sessions are selected.{" "}
              <button type="button" className="link-button" onClick={clearSelection}>
                Clear selection
              </button>
            </>
          ) : (
            <>
              All {page.items.length} sessions on this page are selected.{" "}
              <button type="button" className="link-button" onClick={() => setAllMatching(true)}>
                Select all {formatNumber(page.total)} matching sessions
              </button>
            </>
          )}
        </p>
      ) : null}

      {page.items.length === 0 ? (
        <div className="panel empty">
          {page.total === 0 ? (
            <>
              <h2>No sessions match these filters</h2>
              <p>
                <Link href={listHref(params, noFilters())}>Clear the filters</Link> to see all your sessions.
              </p>
            </>
          ) : (
            <>
              <h2>Nothing on this page any more</h2>
              <p>
                The sessions that were here are gone. <Link href={listHref(params, {})}>Back to the first page</Link>
              </p>
            </>
          )}
        </div>
      ) : (
        <SessionTable table={table} timeZone={timeZone} unitSystem={unitSystem} allMatching={allMatching} busy={navigating} />
      )}

      <nav className="pager" aria-label="Pages">
        {page.prevCursor ? <Link href={listHref(params, {})}>First page</Link> : null}
        {page.prevCursor ? <Link href={listHref(params, { cursor: page.prevCursor })}>← Previous</Link> : null}
        {page.nextCursor ? <Link href={listHref(params, { cursor: page.nextCursor })}>Next →</Link> : null}
        <label className="page-size">
          Per page{" "}
          <select value={String(limit)} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {(PAGE_SIZES.includes(limit) ? PAGE_SIZES : [...PAGE_SIZES, limit].sort((a, b) => a - b)).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </section>
  );
}
