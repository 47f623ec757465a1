import { DEMO_ACCOUNTS } from '@/lib/auth/demo-accounts';

const ACCOUNTS = Object.values(DEMO_ACCOUNTS);

export function DemoAccounts() {
  return (
    <aside aria-labelledby="demo-accounts" className="self-start rounded-xl border border-line bg-surface p-4 text-sm">
      <h2 id="demo-accounts" className="font-medium">
        Demo accounts
      </h2>
      <table className="mt-3 w-full text-left">
        <thead className="text-muted">
          <tr>
            <th className="py-1 font-normal">User</th>
            <th className="py-1 font-normal">Password</th>
            <th className="py-1 font-normal">Role</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {ACCOUNTS.map((a) => (
            <tr key={a.username}>
              <td className="py-1">{a.username}</td>
              <td className="py-1">{a.password}</td>
              <td className="py-1 font-sans">{a.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-muted">
        Only bob&apos;s role is <em>member</em>: the admin route answers him 403.
      </p>
    </aside>
  );
}
