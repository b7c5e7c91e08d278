/**
 * Torque Pro's own CSV log (trackLog.csv): parsing for import, formatting for export.
 * Pure functions; see header.ts (structure), times.ts (the two time columns) and
 * pid-names.ts (names -> PID keys, from the generated torque-pids.ts).
 */
export {
  formatCellValue,
  formatHeaderCell,
  isHeaderRow,
  parseCellValue,
  parseHeader,
  parseHeaderCell,
  pidKeyForColumn,
  splitTrackLog,
  type FixedColumn,
  type TrackLogColumn,
  type TrackLogSection,
} from "./header";
export { formatDeviceTime, formatGpsTime, parseDeviceTime, parseGpsTime, zoneTokenOffset } from "./times";
export { ENGLISH_DAYS, ENGLISH_MONTHS, monthNumber, ZONE_ABBREVIATIONS } from "./zone-names";
export {
  isKnownPidName,
  nameMatchKey,
  normalisePidKey,
  pidByKey,
  pidKeyForName,
  TORQUE_PID_NAMES,
  type TorquePidName,
} from "./pid-names";
