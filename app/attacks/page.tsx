import { AttackLab } from '../_components/attack-lab';
import { AttackMatrix } from '../_components/attack-matrix';
import { PageHeader } from '../_components/page-header';

export const metadata = { title: 'Attack lab · authlab' };

export default function AttacksPage() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <PageHeader title="Attack lab">
        Try the known attacks on both modes against real credentials and see each answer, with one line on why. The ones a page cannot stage
        itself (reading an HttpOnly cookie, forging an Origin) the server plays against itself, on a throwaway sign-in of bob, and says so.
      </PageHeader>
      <div className="flex flex-col gap-8">
        <AttackLab />
        <AttackMatrix />
      </div>
    </main>
  );
}
