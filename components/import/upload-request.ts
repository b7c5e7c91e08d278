import type { FileImportReport, ImportResponse } from "@/lib/import/report";

/**
 * Sends one file to POST /api/v1/imports with XMLHttpRequest rather than fetch: only XHR
 * reports upload progress. Resolves with that file's report, or with an error text for a
 * refusal of the whole request (413, 401 …) or a network failure.
 */
export interface UploadFields {
  timeZone: string;
  deviceId: string;
}

export type UploadOutcome = { report: FileImportReport } | { error: string };

export function uploadImportFile(file: File, fields: UploadFields, onProgress: (fraction: number) => void, onSent: () => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("timeZone", fields.timeZone);
    if (fields.deviceId !== "") form.append("deviceId", fields.deviceId);
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/imports");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onSent();
    xhr.onerror = () => resolve({ error: "The upload failed (network error or the server closed the connection)." });
    xhr.ontimeout = () => resolve({ error: "The server did not answer in time." });
    xhr.onload = () => {
      const body = xhr.response as (ImportResponse & { error?: { message?: string } }) | null;
      const report = body?.files?.[0];
      if (xhr.status === 200 && report) resolve({ report });
      else resolve({ error: body?.error?.message ?? `The server answered ${xhr.status}.` });
    };
    xhr.send(form);
  });
}
