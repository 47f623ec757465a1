// The built-in store's on-disk record format: checksummed frames, and a reader that tells a torn last write from corruption.
// Runtime: Node (store process). Used for both the append-only journal and the snapshot that compaction writes.
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * One change to the keyspace, as the journal keeps it. Every op names its result, not the command
 * that caused it (`SET k v PX 100` is stored with its absolute expiry), so a replay needs no clock
 * and gives the same keyspace whenever it runs. A set is written whole when it is created, so a
 * replay never has to guess whether SADD found the key alive.
 */
export type JournalOp =
  | ['set', key: string, value: string, expiresAt: number | null]
  | ['sset', key: string, members: string[], expiresAt: number | null]
  | ['sadd', key: string, ...members: string[]]
  | ['srem', key: string, ...members: string[]]
  | ['zset', key: string, scores: [member: string, score: string][], expiresAt: number | null]
  | ['zadd', key: string, ...scoreThenMember: string[]]
  | ['zrem', key: string, ...members: string[]]
  | ['pexpireat', key: string, at: number]
  | ['del', key: string]
  | ['flush'];

/**
 * A frame: payload length (u32 LE), CRC-32 of the payload, CRC-32 of those 8 header bytes, payload.
 * The header's own checksum means a damaged length field is caught as damage, instead of being
 * believed and read as "the file ends mid-frame".
 */
export const FRAME_HEADER_BYTES = 12;
/** No single batch comes near this (request bodies stop at 1 MiB); a larger length is damage. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.writeUInt32LE(crc32(frame.subarray(0, 8)), 8);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export const encodeOps = (ops: readonly JournalOp[]): Buffer => encodeFrame(Buffer.from(JSON.stringify(ops), 'utf8'));

/**
 * Frames appended into a list of 1 MiB chunks: a second of writes is a handful of large allocations
 * instead of two small buffers per request for the garbage collector to chase, and nothing is ever
 * copied to grow (doubling one buffer copied up to 16 MiB at a time, tens of ms at a million sessions).
 */
export class FrameBuffer {
  static readonly CHUNK_BYTES = 1024 * 1024;
  private readonly full: Buffer[] = [];
  private buffer: Buffer | undefined;
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  append(ops: readonly JournalOp[]): void {
    const text = JSON.stringify(ops);
    const room = FRAME_HEADER_BYTES + Buffer.byteLength(text, 'utf8');
    if (!this.buffer || this.used + room > this.buffer.length) {
      if (this.buffer && this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(FrameBuffer.CHUNK_BYTES, room));
      this.used = 0;
    }
    const buffer = this.buffer;
    const start = this.used;
    const length = buffer.write(text, start + FRAME_HEADER_BYTES, 'utf8');
    buffer.writeUInt32LE(length, start);
    buffer.writeUInt32LE(crc32(buffer.subarray(start + FRAME_HEADER_BYTES, start + FRAME_HEADER_BYTES + length)), start + 4);
    buffer.writeUInt32LE(crc32(buffer.subarray(start, start + 8)), start + 8);
    this.used = start + FRAME_HEADER_BYTES + length;
    this.total += FRAME_HEADER_BYTES + length;
  }

  /** Everything appended so far, in order (empty: nothing); this buffer starts over. */
  take(): Buffer[] {
    const chunks = this.full.splice(0);
    if (this.buffer && this.used > 0) chunks.push(this.buffer.subarray(0, this.used));
    this.buffer = undefined;
    this.used = 0;
    this.total = 0;
    return chunks;
  }
}

/** Writes every byte of `chunks` at the file's current position, in order. */
export async function writeAll(handle: FileHandle, chunks: readonly Buffer[]): Promise<void> {
  for (const data of chunks) {
    let written = 0;
    while (written < data.length) written += (await handle.write(data, written, data.length - written)).bytesWritten;
  }
}

/** Where reading stopped before the end of the file, and why. */
export interface FrameProblem {
  offset: number;
  reason: string;
  /**
   * True when everything from `offset` on can only be one interrupted append: a short header, a
   * whole header whose payload runs past the end, a bad payload in the very last frame, or zeros.
   * False means damage with intact-looking data after it: never cut off silently.
   */
  torn: boolean;
}

export interface FrameScan {
  /** Bytes of whole, valid frames from the start of the file. */
  validBytes: number;
  fileBytes: number;
  frames: number;
  problem: FrameProblem | undefined;
}

const CHUNK_BYTES = 8 * 1024 * 1024;

/** True if every byte of the file from `offset` on is zero (space a crash left allocated but unwritten). */
function allZero(buffer: Buffer, from: number): boolean {
  for (let i = from; i < buffer.length; i++) if (buffer[i] !== 0) return false;
  return true;
}

/**
 * Reads a frame file from the start, handing each valid payload to `onPayload` in order, and
 * stops at the first frame that isn't whole and valid. It reads in chunks, so a large file never
 * sits in memory at once (except a tail it must look at whole to classify damage).
 */
export async function scanFrames(file: string, onPayload: (payload: Buffer, offset: number) => void): Promise<FrameScan> {
  const handle = await open(file, 'r');
  try {
    const fileBytes = (await handle.stat()).size;
    let buffer = Buffer.alloc(0);
    let bufferStart = 0; // file offset of buffer[0]
    let readTo = 0;
    let frames = 0;
    const fill = async (need: number): Promise<void> => {
      // Make buffer hold at least `need` bytes (or all that is left of the file). The unread rest
      // (less than a frame) is copied to the front of a new chunk and the file read in after it:
      // a concat would copy the whole 8 MiB chunk again (seconds, summed over a 600 MB journal).
      while (buffer.length < need && readTo < fileBytes) {
        const size = Math.min(Math.max(CHUNK_BYTES, need - buffer.length), fileBytes - readTo);
        const chunk = Buffer.allocUnsafe(buffer.length + size);
        buffer.copy(chunk, 0);
        const { bytesRead } = await handle.read(chunk, buffer.length, size, readTo);
        if (bytesRead === 0) break;
        readTo += bytesRead;
        buffer = chunk.subarray(0, buffer.length + bytesRead);
      }
    };
    const stop = (reason: string, torn: boolean): FrameScan => ({
      validBytes: bufferStart,
      fileBytes,
      frames,
      problem: { offset: bufferStart, reason, torn },
    });
    for (;;) {
      await fill(FRAME_HEADER_BYTES);
      if (buffer.length === 0) return { validBytes: bufferStart, fileBytes, frames, problem: undefined };
      if (buffer.length < FRAME_HEADER_BYTES) {
        return stop(`a frame header cut short (${buffer.length} of ${FRAME_HEADER_BYTES} bytes)`, true);
      }
      const length = buffer.readUInt32LE(0);
      const headerOk = buffer.readUInt32LE(8) === crc32(buffer.subarray(0, 8));
      if (!headerOk || length === 0 || length > MAX_FRAME_BYTES) {
        await fill(fileBytes - bufferStart);
        if (allZero(buffer, 0)) return stop('zeros where a frame should start', true);
        return stop(headerOk ? `an impossible frame length (${length})` : 'a frame header with a bad checksum', false);
      }
      await fill(FRAME_HEADER_BYTES + length);
      if (buffer.length < FRAME_HEADER_BYTES + length) {
        return stop(`the last frame cut short (${buffer.length - FRAME_HEADER_BYTES} of ${length} bytes)`, true);
      }
      const payload = buffer.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      if (crc32(payload) !== buffer.readUInt32LE(4)) {
        const last = bufferStart + FRAME_HEADER_BYTES + length === fileBytes;
        return stop(`a frame whose data fails its checksum${last ? ' (the last one)' : ''}`, last);
      }
      onPayload(payload, bufferStart);
      frames++;
      buffer = buffer.subarray(FRAME_HEADER_BYTES + length);
      bufferStart += FRAME_HEADER_BYTES + length;
    }
  } finally {
    await handle.close();
  }
}
