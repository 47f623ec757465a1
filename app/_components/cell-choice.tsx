'use client';

import { CELL_MODES, CELL_MODE_NAMES, type Cell, type Side } from '../_lib/compare-cells';
import { TRANSPORTS, TRANSPORT_NAMES, type CellMode, type Transport } from '../_lib/cell-credentials';

const OPTION =
  'flex cursor-pointer items-center gap-2 rounded-md border border-line-strong px-3 py-1.5 text-sm has-[:checked]:border-accent-solid has-[:checked]:bg-accent-soft has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-70';

/**
 * One pane's cell: what the credential is and where it travels, as two groups of native radios (arrow
 * keys move within a group). Locked while the pane is signed in: its credential belongs to the cell it was issued for.
 */
export function CellChoice({ side, cell, locked, onChange }: { side: Side; cell: Cell; locked: boolean; onChange: (cell: Cell) => void }) {
  const hint = `cell-locked-${side}`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby={locked ? hint : undefined}>
          <legend className="text-sm font-medium">Credential</legend>
          <div className="flex flex-wrap gap-2">
            {CELL_MODES.map((mode: CellMode) => (
              <label key={mode} className={OPTION}>
                <input
                  type="radio"
                  name={`credential-${side}`}
                  value={mode}
                  checked={cell.mode === mode}
                  disabled={locked}
                  onChange={() => onChange({ ...cell, mode })}
                  className="accent-accent-solid"
                />
                {CELL_MODE_NAMES[mode]}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby={locked ? hint : undefined}>
          <legend className="text-sm font-medium">Carried in</legend>
          <div className="flex flex-wrap gap-2">
            {TRANSPORTS.map((transport: Transport) => (
              <label key={transport} className={OPTION}>
                <input
                  type="radio"
                  name={`carried-in-${side}`}
                  value={transport}
                  checked={cell.transport === transport}
                  disabled={locked}
                  onChange={() => onChange({ ...cell, transport })}
                  className="accent-accent-solid"
                />
                {TRANSPORT_NAMES[transport]}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {locked ? (
        <p id={hint} className="text-xs text-muted">
          Sign out of this pane to choose another cell: its credential belongs to the cell it was issued in.
        </p>
      ) : null}
    </div>
  );
}
