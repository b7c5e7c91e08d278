import { deleteUserAction, resetPasswordAction, setRoleAction } from "@/app/actions/admin";
import { ActionForm } from "@/components/forms/action-form";
import { formatInZone } from "@/lib/time";
import type { UserListRow } from "@/lib/users";

export function UserTable({ users, selfId, timeZone }: { users: UserListRow[]; selfId: number; timeZone: string }) {
  return (
    <section className="panel" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">Devices</th>
              <th scope="col" className="num">Sessions</th>
              <th scope="col">Manage</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.email} {u.id === selfId ? <span className="badge">you</span> : null}
                </td>
                <td>{u.displayName ?? ""}</td>
                <td>{u.role}</td>
                <td>{formatInZone(u.createdAt.getTime(), timeZone, "date")}</td>
                <td className="num">{u.devices}</td>
                <td className="num">{u.sessions}</td>
                <td>
                  {u.id === selfId ? (
                    <span className="muted">Change your own account in Settings.</span>
                  ) : (
                    <details>
                      <summary>Manage {u.email}</summary>
                      <ActionForm action={setRoleAction} submitLabel="Change role" label={`Role of ${u.email}`}>
                        <input type="hidden" name="id" value={u.id} />
                        <label htmlFor={`role-${u.id}`}>Role</label>
                        <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                          <option value="user">user</option>
                          <option value="admin">admin</option>
                        </select>
                      </ActionForm>
                      <ActionForm action={resetPasswordAction} submitLabel="Set password" label={`Password of ${u.email}`}>
                        <input type="hidden" name="id" value={u.id} />
                        <label htmlFor={`password-${u.id}`}>New password (signs them out everywhere)</label>
                        <input id={`password-${u.id}`} name="password" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
                      </ActionForm>
                      <ActionForm action={deleteUserAction} submitLabel="Delete user" danger label={`Delete ${u.email}`}>
                        <input type="hidden" name="id" value={u.id} />
                        <label className="check">
                          <input type="checkbox" name="confirm" required /> Delete {u.email} and all their devices, sessions and tokens
                        </label>
                      </ActionForm>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
