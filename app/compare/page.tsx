import { CompareLab } from '../_components/compare-lab';

export const metadata = { title: 'Compare · authlab' };

export default function ComparePage() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">Side by side</h1>
        <p className="mt-2 max-w-3xl text-muted">
          One user, signed in both ways at once. See what each mode carries, what the server keeps, and what happens as time
          passes: pick demo speed and every expiry and refresh plays out within five minutes.
        </p>
      </header>
      <CompareLab />
    </main>
  );
}
