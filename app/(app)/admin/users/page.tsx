import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { InstancePanel } from "@/components/admin/instance-panel";
import { UserTable } from "@/components/admin/user-table";
import { requireUserWith } from "@/lib/auth/current-user";
import { checkHealth } from "@/lib/health";
import { listUsers } from "@/lib/users";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const { user } = await requireUserWith("administer");
  const [users, health] = await Promise.all([listUsers(), checkHealth()]);
  return (
    <>
      <h1>Users</h1>
      <InstancePanel health={health} userCount={users.length} />
      <UserTable users={users} selfId={user.id} timeZone={user.timeZone ?? "UTC"} />
      <CreateUserForm />
    </>
  );
}
