import { AttackLab } from '../_components/attack-lab';

export const metadata = { title: 'Attack lab · authlab' };

export default function AttacksPage() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">Attack lab</h1>
        <p className="mt-2 max-w-3xl text-muted">
          Try the known attacks on both modes against real credentials and see each answer, with one line on why. The ones a
          page cannot stage itself (reading an HttpOnly cookie, forging an Origin) the server plays against itself, on a
          throwaway sign-in of bob, and says so.
        </p>
      </header>
      <AttackLab />
    </main>
  );
}
