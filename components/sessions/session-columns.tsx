"use client";

import Link from "next/link";
import {
  createColumnHelper,
  metaHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type PaginationState,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { useMemo } from "react";
import type { SessionListItem, SortKey } from "@/lib/sessions/list-model";
import type { UnitSystem } from "@/lib/units";
import { SessionNameCell } from "./session-name-cell";
import { displayUnit, formatDuration, formatNumber, formatQuantity, formatStart } from "./format";

interface ColumnMeta {
  /** Header text, also used in accessible names ("Sort by …"). */
  label: string;
  numeric?: boolean;
  /** A stored (metric) unit: the header shows the display unit. */
  unit?: string;
}

interface TableMeta {
  timeZone: string;
  unitSystem: UnitSystem;
}

/**
 * TanStack Table v9 with server-owned processing: the server sorts, filters and pages (the URL
 * says how); the table holds the sorting and selection state and renders headers and cells.
 */
export const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<ColumnMeta>(),
  tableMeta: metaHelper<TableMeta>(),
});

const helper = createColumnHelper<typeof features, SessionListItem>();

const quantity = (key: "distanceKm" | "maxSpeedKmh" | "fuelUsedL", id: SortKey, label: string, unit: string, digits: number) =>
  helper.accessor(key, {
    id,
    header: label,
    meta: { label, numeric: true, unit },
    sortDescFirst: true,
    cell: (ctx) => {
      const meta = ctx.table.options.meta;
      return formatQuantity(ctx.getValue(), unit, meta?.unitSystem ?? "metric", digits);
    },
  });

export const columns = helper.columns([
  helper.display({ id: "select", header: "Select", enableSorting: false, meta: { label: "Select" } }),
  helper.accessor("startedAt", {
    id: "start",
    header: "Start",
    meta: { label: "Start" },
    sortDescFirst: true,
    cell: (ctx) => {
      const s = ctx.row.original;
      return (
        <>
          <Link href={`/sessions/${s.id}`}>{formatStart(s.startedAt, ctx.table.options.meta?.timeZone ?? "UTC")}</Link>
          {s.live ? (
            <>
              {" "}
              <span className="badge live">live</span>
            </>
          ) : null}
        </>
      );
    },
  }),
  helper.accessor("name", {
    id: "name",
    header: "Name and notes",
    meta: { label: "Name" },
    sortDescFirst: false,
    cell: (ctx) => <SessionNameCell session={ctx.row.original} timeZone={ctx.table.options.meta?.timeZone ?? "UTC"} />,
  }),
  helper.accessor("durationS", { id: "duration", header: "Duration", meta: { label: "Duration", numeric: true }, sortDescFirst: true, cell: (ctx) => formatDuration(ctx.getValue()) }),
  quantity("distanceKm", "distance", "Distance", "km", 1),
  helper.accessor("sampleCount", { id: "samples", header: "Samples", meta: { label: "Samples", numeric: true }, sortDescFirst: true, cell: (ctx) => formatNumber(ctx.getValue()) }),
  helper.accessor("profileName", { id: "vehicle", header: "Vehicle", meta: { label: "Vehicle" }, sortDescFirst: false, cell: (ctx) => ctx.getValue() ?? "–" }),
  helper.accessor("device", { id: "device", header: "Device", meta: { label: "Device" }, sortDescFirst: false }),
  quantity("maxSpeedKmh", "maxSpeed", "Max speed", "km/h", 0),
  quantity("fuelUsedL", "fuel", "Fuel used", "l", 2),
]);

/** Header text with the display unit: "Distance (miles)". */
export function headerLabel(meta: ColumnMeta | undefined, unitSystem: UnitSystem): string {
  if (!meta) return "";
  return meta.unit ? `${meta.label} (${displayUnit(meta.unit, unitSystem)})` : meta.label;
}

export function useSessionTable(opts: {
  items: SessionListItem[];
  total: number;
  limit: number;
  sort: SortKey;
  order: "asc" | "desc";
  rowSelection: RowSelectionState;
  onRowSelectionChange: (updater: Updater<RowSelectionState>) => void;
  onSort: (sort: SortKey, order: "asc" | "desc") => void;
  onPageSize: (limit: number) => void;
  meta: TableMeta;
}) {
  const { sort, order, limit, onSort, onPageSize } = opts;
  const sorting = useMemo<SortingState>(() => [{ id: sort, desc: order === "desc" }], [sort, order]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: 0, pageSize: limit }), [limit]);
  return useTable({
    features,
    columns,
    data: opts.items,
    getRowId: (row) => String(row.id),
    meta: opts.meta,
    state: { sorting, rowSelection: opts.rowSelection, pagination },
    manualSorting: true,
    manualPagination: true,
    rowCount: opts.total,
    enableSortingRemoval: false,
    enableMultiSort: false,
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (first) onSort(first.id as SortKey, first.desc ? "desc" : "asc");
    },
    onRowSelectionChange: opts.onRowSelectionChange,
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = typeof updater === "function" ? updater(pagination) : updater;
      if (next.pageSize !== limit) onPageSize(next.pageSize);
    },
  });
}

export type SessionTableInstance = ReturnType<typeof useSessionTable>;
