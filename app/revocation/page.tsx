import { RevocationLab } from '../_components/revocation-lab';

export const metadata = { title: 'Revocation window · authlab' };

export default function RevocationPage() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">Revocation window</h1>
        <p className="mt-2 max-w-2xl text-muted">
          Sign in once in each mode, revoke both, and watch <code>/api/me</code> answer once a second. A session stops at
          once: its record is gone. A JWT keeps passing until it expires, unless the denylist check is on, which costs a
          store lookup per request.
        </p>
      </header>
      <RevocationLab />
    </main>
  );
}
