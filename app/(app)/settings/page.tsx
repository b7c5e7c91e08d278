import type { Metadata } from "next";
import { TokenSection } from "@/components/settings/token-section";
import { requireUser } from "@/lib/auth/current-user";
import { publicOrigin } from "@/lib/request-origin";
import { listTokens } from "@/lib/tokens";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const [tokens, origin] = await Promise.all([listTokens(user.id), publicOrigin()]);
  return (
    <>
      <h1>Settings</h1>
      <TokenSection tokens={tokens} origin={origin} />
    </>
  );
}
