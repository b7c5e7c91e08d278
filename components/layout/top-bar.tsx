import Link from "next/link";
import { signOutAction } from "@/app/actions/auth";

export function TopBar({ email, isAdmin }: { email: string; isAdmin: boolean }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Torque Log Server
      </Link>
      <nav aria-label="Main">
        <Link href="/">Sessions</Link>
        <Link href="/import">Import</Link>
        <Link href="/uploads">Upload log</Link>
        <Link href="/settings">Settings</Link>
        <Link href="/api-docs">API</Link>
        {isAdmin ? <span className="badge">admin</span> : null}
      </nav>
      <span className="muted">{email}</span>
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}
