import { describe, expect, it } from 'vitest';
import { readNdjson } from './ndjson';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('readNdjson', () => {
  it('hands on each line, a line split across chunks and a last line without its newline included', async () => {
    const lines: unknown[] = [];
    await readNdjson(streamOf(['{"done":0}\n{"do', 'ne":1}\n\n', '{"done":2}']), (l) => lines.push(l));
    expect(lines).toEqual([{ done: 0 }, { done: 1 }, { done: 2 }]);
  });

  it('multi-byte characters split across chunks arrive whole', async () => {
    const bytes = new TextEncoder().encode('{"cell":"JWT × both"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const lines: unknown[] = [];
    await readNdjson(stream, (l) => lines.push(l));
    expect(lines).toEqual([{ cell: 'JWT × both' }]);
  });

  it('an onLine that throws ends the reading with its error', async () => {
    await expect(
      readNdjson(streamOf(['{"error":"x"}\n{"done":1}\n']), () => {
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
  });
});
