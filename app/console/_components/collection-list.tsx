import { groupedCollection, type CollectionItem } from '../_lib/collection';
import { card, cardTitle, methodTone, muted } from './ui';

export function CollectionList({ onPick }: { onPick: (item: CollectionItem) => void }) {
  return (
    <section aria-labelledby="collection-title" className={card}>
      <h2 id="collection-title" className={cardTitle}>
        Collection
      </h2>
      <p className={`mt-1 text-xs ${muted}`}>Every route of the API, prefilled. Pick one to edit and send.</p>
      <div className="mt-3 max-h-72 overflow-y-auto pr-1 lg:max-h-none">
        {groupedCollection().map(([group, items]) => (
          <div key={group} className="mb-3 last:mb-0">
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{group}</h3>
            <ul className="flex flex-col gap-1">
              {items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    onClick={() => onPick(item)}
                    className="flex w-full flex-col items-start gap-0.5 rounded-md px-2 py-1.5 text-left hover:bg-hover"
                  >
                    <span className="flex min-w-0 max-w-full items-center gap-2">
                      <span className={`shrink-0 rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${methodTone(item.method)}`}>
                        {item.method}
                      </span>
                      <span className="truncate font-mono text-xs">{item.path}</span>
                    </span>
                    <span className={`text-xs ${muted}`}>{item.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
