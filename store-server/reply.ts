// The Redis reply model of the built-in store: what a command answers, and the error it throws.
// Runtime: Node (the store process started by store-server/main.ts); the app never imports it.

/** A Redis reply as the REST protocol carries it: integers, bulk or status strings, nil, arrays. */
export type Reply = string | number | null | Reply[];

/**
 * A Redis error reply. `message` is the exact text Redis sends (`ERR syntax error`), because
 * clients show it verbatim; `code` is its first word (`ERR`, `WRONGTYPE`, `EXECABORT`).
 */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  readonly code: string;

  constructor(message: string) {
    // Redis replaces line breaks in error replies: a RESP error is a single line.
    const line = message.replace(/[\r\n]+/g, ' ');
    super(line);
    this.code = line.split(' ', 1)[0] ?? 'ERR';
  }
}

export const syntaxError = () => new ReplyError('ERR syntax error');
export const wrongType = () => new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
export const notInteger = () => new ReplyError('ERR value is not an integer or out of range');
export const invalidExpireTime = (command: string) => new ReplyError(`ERR invalid expire time in '${command}' command`);
export const execAbort = () => new ReplyError('EXECABORT Transaction discarded because of previous errors.');
