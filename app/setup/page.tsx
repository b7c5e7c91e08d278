import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { userCount } from "@/lib/users";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

/** One-time set-up of a fresh instance: creates its first admin, then no longer exists. */
export default async function SetupPage() {
  if ((await userCount()) > 0) notFound();
  return (
    <main className="center-card">
      <div className="panel">
        <h1>Set up Torque Log Server</h1>
        <p className="muted">
          This instance has no users yet. Create the first account: it is the admin, who can add more users later. This page
          disappears once it exists.
        </p>
        <SetupForm />
      </div>
    </main>
  );
}
