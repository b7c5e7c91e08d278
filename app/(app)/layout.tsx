import type { ReactNode } from "react";
import { TopBar } from "@/components/layout/top-bar";
import { requireUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <TopBar email={user.email} isAdmin={user.role === "admin"} />
      <main>{children}</main>
    </>
  );
}
