/** A Torque upload query string (the fields the phone sends), for tests that upload one sample. */
export interface SampleUpload {
  deviceId?: string;
  session?: number;
  time?: number;
  values?: Record<string, number>;
  extra?: Record<string, string>;
}

export const TEST_DEVICE = "0123456789abcdef0123456789abcdef";

export function torqueQuery(sample: SampleUpload = {}): string {
  const session = sample.session ?? Date.UTC(2024, 4, 1, 8, 0, 0);
  const params = new URLSearchParams({
    eml: "driver@example.com",
    v: "8",
    session: String(session),
    id: sample.deviceId ?? TEST_DEVICE,
    time: String(sample.time ?? session + 1000),
    ...Object.fromEntries(Object.entries(sample.values ?? { d: 42, c: 2100 }).map(([k, v]) => [`k${k}`, String(v)])),
    ...sample.extra,
  });
  return params.toString();
}
