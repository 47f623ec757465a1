import { isForbiddenHeader, pair, type Pair } from '../_lib/request';
import { field, smallButton } from './ui';

/** Rows of name/value pairs (query parameters or headers), each with a switch to leave it out. */
export function PairsEditor({
  legend,
  noun,
  rows,
  onChange,
  headers = false,
}: {
  legend: string;
  /** "parameter" or "header", for the accessible names of each row's controls. */
  noun: string;
  rows: Pair[];
  onChange: (rows: Pair[]) => void;
  headers?: boolean;
}) {
  const update = (id: string, patch: Partial<Pair>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {rows.length === 0 ? <p className="text-xs text-muted">None.</p> : null}
      {rows.map((row, i) => {
        const n = i + 1;
        const dropped = headers && isForbiddenHeader(row.name);
        return (
          <div key={row.id} className="flex flex-col gap-1">
            <div className="grid grid-cols-[auto_minmax(0,1fr)_auto] items-center gap-2 sm:grid-cols-[auto_minmax(0,2fr)_minmax(0,3fr)_auto]">
              <input
                type="checkbox"
                checked={row.enabled}
                onChange={(e) => update(row.id, { enabled: e.target.checked })}
                aria-label={`Send ${noun} ${n}`}
                className="size-4 accent-accent-solid"
              />
              <input
                className={`${field} font-mono`}
                value={row.name}
                onChange={(e) => update(row.id, { name: e.target.value })}
                aria-label={`${noun[0]?.toUpperCase()}${noun.slice(1)} ${n} name`}
                placeholder="name"
                spellCheck={false}
                autoCapitalize="off"
              />
              <input
                className={`${field} col-start-2 row-start-2 font-mono sm:col-start-auto sm:row-start-auto`}
                value={row.value}
                onChange={(e) => update(row.id, { value: e.target.value })}
                aria-label={`${noun[0]?.toUpperCase()}${noun.slice(1)} ${n} value`}
                placeholder="value"
                spellCheck={false}
                autoCapitalize="off"
              />
              <button
                type="button"
                className={`${smallButton} col-start-3 row-start-1 sm:col-start-auto`}
                onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
                aria-label={`Remove ${noun} ${n}`}
              >
                Remove
              </button>
            </div>
            {dropped ? (
              <p className="pl-6 text-xs text-warn">⚠ The browser won&apos;t let a page set {row.name}: it is dropped from the request.</p>
            ) : null}
          </div>
        );
      })}
      <button type="button" className={`${smallButton} self-start`} onClick={() => onChange([...rows, pair('', '')])}>
        Add {noun}
      </button>
    </fieldset>
  );
}
