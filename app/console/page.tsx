import type { Metadata } from 'next';
import { ApiConsole } from './_components/api-console';
import { PageHeader } from '../_components/page-header';

export const metadata: Metadata = {
  title: 'API console · authlab',
  description: "Send any request to authlab's API with any credential, and see what the server saw and answered.",
};

export default function ConsolePage() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader title="API console">
        Send any request to the API with a <strong>session cookie</strong>, a <strong>bearer token</strong>, nothing, or a deliberately
        damaged token, and see what left the browser, what the server checked and what it answered.
      </PageHeader>
      <ApiConsole />
    </main>
  );
}
