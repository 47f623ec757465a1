import type { KeyInfo } from '@/lib/auth/keys';
import { TimeLeft, UtcTime } from './time';

const SOURCE: Record<KeyInfo['source'], string> = {
  config: 'joined the ring from the environment / DATA_DIR',
  rotation: 'made by a rotation',
};

/** The current and previous keys; the one a pasted token names is marked in words, not only colour. */
export function KeyList({ keys, marked }: { keys: readonly KeyInfo[]; marked: string | undefined }) {
  return (
    <ul aria-label="Keys in the ring" className="grid gap-3 md:grid-cols-2">
      {keys.map((key) => {
        const isMarked = key.kid === marked;
        return (
          <li
            key={key.kid}
            data-kid={key.kid}
            className={`flex flex-col gap-2 rounded-lg border p-3 text-sm ${
              isMarked ? 'border-indigo-500 ring-2 ring-indigo-500/40' : 'border-line'
            }`}
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <code className="break-all font-mono font-semibold">{key.kid}</code>
              <span
                className={`rounded px-2 py-0.5 text-xs font-semibold ${
                  key.status === 'current' ? 'bg-ok-soft text-ok-on-soft' : 'bg-warn-soft text-warn-on-soft'
                }`}
              >
                {key.status === 'current' ? 'current: signs new tokens' : 'previous: verifies only'}
              </span>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-muted">
              <dt>Algorithm</dt>
              <dd className="font-mono">{key.alg}</dd>
              <dt>Created</dt>
              <dd>
                {key.createdAt ? <UtcTime iso={key.createdAt} /> : 'unknown'} <span className="text-muted">({SOURCE[key.source]})</span>
              </dd>
              <dt>Retires</dt>
              <dd>
                {key.retiresAt ? (
                  <>
                    <UtcTime iso={key.retiresAt} /> <TimeLeft until={key.retiresAt} doneLabel="(retired)" />
                  </>
                ) : (
                  'not scheduled: replaced keys retire after the overlap'
                )}
              </dd>
            </dl>
            {isMarked ? (
              <p data-testid="signed-the-token" className="font-medium text-indigo-700 dark:text-indigo-300">
                ◆ The pasted token names this key
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
