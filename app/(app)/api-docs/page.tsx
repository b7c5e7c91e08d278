import type { Metadata } from "next";
import { ApiReference } from "@/components/api-docs/api-reference";
import { OPERATIONS } from "@/lib/api/v1";
import { publicOrigin } from "@/lib/request-origin";

export const metadata: Metadata = { title: "API" };

export default async function ApiDocsPage() {
  return <ApiReference operations={OPERATIONS} origin={await publicOrigin()} />;
}
