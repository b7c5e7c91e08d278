import type { Metadata } from "next";
import { UploadLogTable } from "@/components/uploads/upload-log-table";
import { requireUserWith } from "@/lib/auth/current-user";
import { deviceUploadSummary, recentUploads } from "@/lib/ingest/diagnostics";

export const metadata: Metadata = { title: "Upload log" };

export default async function UploadsPage() {
  const { user } = await requireUserWith("readData");
  const [devices, uploads] = await Promise.all([deviceUploadSummary(user.id), recentUploads(user.id, { limit: 200 })]);
  return <UploadLogTable devices={devices} uploads={uploads} />;
}
