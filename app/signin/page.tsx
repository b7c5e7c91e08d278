import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentUser().catch(() => null)) redirect("/");
  const { error } = await searchParams;
  return (
    <main className="center-card">
      <div className="panel">
        <h1>Torque Log Server</h1>
        <p className="muted">Sign in to see your trips.</p>
        <SignInForm initialError={error ? "Wrong e-mail or password." : null} />
      </div>
    </main>
  );
}
