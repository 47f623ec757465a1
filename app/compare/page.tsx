import { CompareLab } from '../_components/compare-lab';
import { PageHeader } from '../_components/page-header';
import { parseCells } from '../_lib/compare-cells';

export const metadata = { title: 'Compare · authlab' };

type Query = Record<string, string | string[] | undefined>;

/** `?a=session-cookie&b=jwt-header`: a repeated or unknown value is the side's default, never an error. */
const first = (query: Query) => ({
  get: (name: string) => {
    const value = query[name];
    return typeof value === 'string' ? value : null;
  },
});

export default async function ComparePage({ searchParams }: { searchParams: Promise<Query> }) {
  const cells = parseCells(first(await searchParams));
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader title="Side by side">
        One user, signed in two ways at once. Choose each pane&apos;s cell (what the credential is, and where it travels: a cookie, a
        header, or both) and see what each carries, what the server keeps, and what happens as time passes: pick demo speed and every expiry
        and refresh plays out within five minutes.
      </PageHeader>
      <CompareLab initialCells={cells} />
    </main>
  );
}
