/** A stored PID key: lower-case hex without leading zeros ("c", "ff1001"); see lib/tracklog normalisePidKey. */
export const PID_KEY_PATTERN = /^[0-9a-f]{1,16}$/;
