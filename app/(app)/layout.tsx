import type { ReactNode } from "react";
import { TopBar } from "@/components/layout/top-bar";
import { requireUser } from "@/lib/auth/current-user";
import { displayNameOf } from "@/lib/users";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <TopBar name={displayNameOf(user)} isAdmin={user.role === "admin"} />
      <main>{children}</main>
    </>
  );
}
