"use client";

import { useEffect, useRef } from "react";
import type { UnitSystem } from "@/lib/units";
import { formatStart } from "./format";
import { headerLabel, type SessionTableInstance } from "./session-columns";

/** A checkbox whose "some but not all" state is shown (and announced) as mixed. */
function Checkbox({ indeterminate, ...props }: React.InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = Boolean(indeterminate);
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" {...props} />;
}

/**
 * The session table: a real <table> whose sortable headers are buttons (aria-sort on the
 * header cell), with a labelled checkbox per row and one for the whole page. Shift-click
 * on a row checkbox selects the range from the previous click (TanStack's range selection).
 */
export function SessionTable({
  table,
  timeZone,
  unitSystem,
  allMatching,
  busy,
}: {
  table: SessionTableInstance;
  timeZone: string;
  unitSystem: UnitSystem;
  allMatching: boolean;
  busy: boolean;
}) {
  const rows = table.getRowModel().rows;
  return (
    <div className="table-scroll">
      <table className="data sessions" aria-busy={busy} aria-describedby="sessions-caption">
        <caption id="sessions-caption" className="sr-only">
          Sessions; times in {timeZone}. Column headers sort the list.
        </caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                if (header.column.id === "select") {
                  return (
                    <th key={header.id} scope="col" className="select-col">
                      <Checkbox
                        aria-label="Select all sessions on this page"
                        checked={allMatching || table.getIsAllPageRowsSelected()}
                        indeterminate={!allMatching && !table.getIsAllPageRowsSelected() && table.getIsSomePageRowsSelected()}
                        disabled={allMatching || rows.length === 0}
                        onChange={table.getToggleAllPageRowsSelectedHandler()}
                      />
                    </th>
                  );
                }
                const sorted = header.column.getIsSorted();
                const label = headerLabel(meta, unitSystem);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={meta?.numeric ? "num" : undefined}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                  >
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                      {label}
                      <span aria-hidden="true" className="sort-arrow">
                        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={allMatching || row.getIsSelected() ? "selected" : undefined}>
              {row.getAllCells().map((cell) => {
                if (cell.column.id === "select") {
                  return (
                    <td key={cell.id} className="select-col">
                      <Checkbox
                        aria-label={`Select session of ${formatStart(row.original.startedAt, timeZone)}`}
                        checked={allMatching || row.getIsSelected()}
                        disabled={allMatching}
                        // React's change event carries the click (and its Shift key) in nativeEvent.
                        onChange={row.getToggleSelectedHandler()}
                      />
                    </td>
                  );
                }
                return (
                  <td key={cell.id} className={cell.column.columnDef.meta?.numeric ? "num" : undefined}>
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
