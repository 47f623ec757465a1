import { CompareLab } from '../_components/compare-lab';
import { PageHeader } from '../_components/page-header';

export const metadata = { title: 'Compare · authlab' };

export default function ComparePage() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader title="Side by side">
        One user, signed in both ways at once. See what each mode carries, what the server keeps, and what happens as time passes: pick demo
        speed and every expiry and refresh plays out within five minutes.
      </PageHeader>
      <CompareLab />
    </main>
  );
}
