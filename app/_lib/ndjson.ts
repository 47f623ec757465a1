// Reads a streamed NDJSON answer line by line, as its chunks arrive (the transport matrix's rows).
// Runtime: browser and Node. A line may be split across chunks, and the last one may lack its newline.

/** Calls `onLine` with each parsed line, in order; an `onLine` that throws ends the reading with that error. */
export async function readNdjson(body: ReadableStream<Uint8Array>, onLine: (line: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // stream: a character split across two chunks is held back until its last byte arrives.
      buffered += decoder.decode(value, { stream: !done });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(JSON.parse(line));
      if (done) break;
    }
    if (buffered.trim()) onLine(JSON.parse(buffered));
  } finally {
    // Stops the answer (and so the server's run) when reading ends early.
    await reader.cancel().catch(() => undefined);
  }
}
