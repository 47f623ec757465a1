// The names of the attack scenarios the server plays against itself (lib/lab/attacks.ts), without
// the server-only code, so tests and pages can list every one of them. Runtime: any.
export type ServerAttack = 'cookie-replay' | 'refresh-reuse' | 'refresh-race' | 'cross-site-post' | 'cookie-tossing';
export const SERVER_ATTACKS: readonly ServerAttack[] = [
  'cookie-replay',
  'refresh-reuse',
  'refresh-race',
  'cross-site-post',
  'cookie-tossing',
];
