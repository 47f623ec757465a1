import { RevocationLab } from '../_components/revocation-lab';
import { PageHeader } from '../_components/page-header';

export const metadata = { title: 'Revocation window · authlab' };

export default function RevocationPage() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <PageHeader title="Revocation window">
        Sign in once in each mode, revoke both, and watch <code>/api/me</code> answer once a second. A session stops at once: its record is
        gone. A JWT keeps passing until it expires, unless the denylist check is on, which costs a store lookup per request.
      </PageHeader>
      <RevocationLab />
    </main>
  );
}
