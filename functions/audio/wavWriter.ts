/**
 * Incremental 16-bit PCM WAV writer: header first with placeholder sizes, samples appended in
 * buffered blocks, sizes patched on close.
 */
import { type FileHandle, open, rm } from 'node:fs/promises';

export const WAV_HEADER_BYTES = 44;
const BUFFER_BYTES = 64 * 1024;
// A file left unpatched by a crash claims "to end of file", which readWavFormat tolerates.
const UNKNOWN_SIZE = 0xffffffff;

export interface WavWriterOptions {
  sampleRate: number;
  /** @default 1 */
  channels?: number;
}

export class WavWriter {
  readonly path: string;
  private readonly handle: FileHandle;
  private readonly buffer = new Uint8Array(BUFFER_BYTES);
  private buffered = 0;
  private written = 0;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.handle = handle;
  }

  static async create(path: string, options: WavWriterOptions): Promise<WavWriter> {
    const channels = options.channels ?? 1;
    const handle = await open(path, 'w');
    const header = Buffer.alloc(WAV_HEADER_BYTES);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(UNKNOWN_SIZE, 4);
    header.write('WAVEfmt ', 8, 'latin1');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20); // PCM
    header.writeUInt16LE(channels, 22);
    header.writeUInt32LE(options.sampleRate, 24);
    header.writeUInt32LE(options.sampleRate * channels * 2, 28);
    header.writeUInt16LE(channels * 2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'latin1');
    header.writeUInt32LE(UNKNOWN_SIZE, 40);
    try {
      await handle.write(header, 0, header.length, 0);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new WavWriter(path, handle);
  }

  /** Sample bytes accepted so far. */
  get dataBytes(): number {
    return this.written + this.buffered;
  }

  /** Appends interleaved samples; the caller may reuse `samples` once this resolves. */
  async write(samples: Int16Array): Promise<void> {
    // Little-endian host assumed (x86_64, arm64): Int16Array bytes are already WAV order.
    let bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    if (this.buffered + bytes.length > BUFFER_BYTES) await this.flush();
    if (bytes.length >= BUFFER_BYTES) {
      await this.append(bytes);
      bytes = bytes.subarray(bytes.length);
    }
    this.buffer.set(bytes, this.buffered);
    this.buffered += bytes.length;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      if (this.written + 36 > 0xffffffff) throw new RangeError(`${this.path}: WAV data over 4 GiB`);
      const sizes = Buffer.alloc(4);
      sizes.writeUInt32LE(this.written + 36, 0);
      await this.handle.write(sizes, 0, 4, 4);
      sizes.writeUInt32LE(this.written, 0);
      await this.handle.write(sizes, 0, 4, 40);
    } finally {
      await this.handle.close();
    }
  }

  /** Closes and deletes a half-written file after a failure. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    await this.append(this.buffer.subarray(0, this.buffered));
    this.buffered = 0;
  }

  private async append(bytes: Uint8Array): Promise<void> {
    for (let done = 0; done < bytes.length; ) {
      const position = WAV_HEADER_BYTES + this.written;
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, position);
      done += bytesWritten;
      this.written += bytesWritten;
    }
  }
}
