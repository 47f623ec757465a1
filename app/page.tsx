import { AuthDemo } from './_components/auth-demo';
import { DemoAccounts } from './_components/demo-accounts';

export default function Home() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <header className="mb-8">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">authlab</h1>
        <p className="mt-2 max-w-2xl text-muted">
          Sign in with a <strong>cookie session</strong> (an HttpOnly cookie naming a record in the store) or a <strong>JWT</strong> (a
          signed, self-contained bearer token), then call the API and see what each mode sends and what the server checks.
        </p>
      </header>
      <div className="grid gap-6 md:grid-cols-[1fr_16rem]">
        <AuthDemo />
        <DemoAccounts />
      </div>
    </main>
  );
}
