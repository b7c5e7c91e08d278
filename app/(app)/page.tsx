import type { Metadata } from "next";
import Link from "next/link";
import { GettingStarted } from "@/components/sessions/getting-started";
import { SessionBrowser } from "@/components/sessions/session-browser";
import { listIdentity, type ListParams } from "@/components/sessions/list-url";
import { requireUserWith } from "@/lib/auth/current-user";
import { AppError } from "@/lib/http/errors";
import { hasActiveFilter, listSessions, parseSessionListQuery, sessionFilterOptions } from "@/lib/sessions/query";
import { publicOrigin } from "@/lib/request-origin";
import type { UnitSystem } from "@/lib/units";
import { viewerTimeZone } from "@/lib/viewer-time-zone";

export const metadata: Metadata = { title: "Sessions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One value per parameter, as the list's URL helpers expect. */
function single(raw: Record<string, string | string[] | undefined>): ListParams {
  const out: ListParams = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

export default async function SessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireUserWith("readData");
  const params = single(await searchParams);
  const timeZone = await viewerTimeZone(user);
  let query;
  try {
    query = parseSessionListQuery(params, { timeZone });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return <BadLink message={error.message} />;
  }
  const [page, options] = await Promise.all([
    listSessions(user.id, query).catch((error: unknown) => (error instanceof AppError ? error : Promise.reject(error))),
    sessionFilterOptions(user.id),
  ]);
  if (page instanceof AppError) return <BadLink message={page.message} />;
  // Nothing at all without a filter: a new user, who needs to know how to point Torque here.
  if (page.total === 0 && !hasActiveFilter(query)) return <GettingStarted origin={await publicOrigin()} />;
  return (
    <SessionBrowser
      // A new filter or sort is a new list: selection and form state start afresh.
      key={listIdentity(params)}
      page={page}
      params={params}
      options={options}
      timeZone={timeZone}
      reportZone={user.timeZone === null}
      unitSystem={(user.unitSystem === "imperial" ? "imperial" : "metric") satisfies UnitSystem}
    />
  );
}

function BadLink({ message }: { message: string }) {
  return (
    <section className="panel" aria-labelledby="bad-link">
      <h1 id="bad-link">Sessions</h1>
      <p role="alert" className="error">
        This list address has a problem: {message}
      </p>
      <p>
        <Link href="/">Show all sessions</Link>
      </p>
    </section>
  );
}
