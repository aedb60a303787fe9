import fs from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';

/**
 * The few lines of POSIX tar (ustar, with pax headers for long or non-ASCII names) a backup needs, so that an
 * archive opens with the `tar` every server already has (`tar -xf shezhi-….tar manifest.json`) and no npm
 * package is needed to write or read it. Regular files only; every entry is streamed, never held whole.
 */

const BLOCK = 512;
const ZERO = Buffer.alloc(BLOCK);
/** ustar's size field holds 11 octal digits: up to 8 GiB − 1; larger sizes go in a pax header. */
const MAX_OCTAL_SIZE = 0o77777777777;

function field(buf: Buffer, offset: number, length: number, value: string) {
  buf.write(value, offset, length, 'utf8');
}

function octal(buf: Buffer, offset: number, length: number, value: number) {
  field(buf, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

function header(name: string, size: number, type: '0' | 'x', mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  field(h, 0, 100, name);
  octal(h, 100, 8, type === 'x' ? 0o644 : 0o600);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, Math.min(size, MAX_OCTAL_SIZE));
  octal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  field(h, 148, 8, '        ');
  field(h, 156, 1, type);
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  let sum = 0;
  for (const byte of h) sum += byte;
  field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** One pax record: "<length> <key>=<value>\n", where the length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

export class TarWriter {
  private readonly out: fs.WriteStream;
  private readonly fd: number;
  private closed = false;
  private fdClosed = false;
  private failed: Error | null = null;

  constructor(file: string) {
    // 0600: the archive holds personal data (names, addresses; ID numbers and phones sealed).
    this.fd = fs.openSync(file, 'wx', 0o600);
    // autoClose off: the fd must outlive 'finish' for the fsync.
    this.out = fs.createWriteStream('', { fd: this.fd, autoClose: false });
    this.out.on('error', (err) => (this.failed = err));
  }

  private async write(chunk: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Adds a file of exactly `size` bytes from `body`; every chunk also goes to `onChunk` (for a checksum). */
  async add(name: string, size: number, body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer>, mtime = new Date(), onChunk?: (chunk: Buffer) => void): Promise<void> {
    const simpleName = Buffer.byteLength(name) < 100 && /^[\x20-\x7e]+$/.test(name);
    if (!simpleName || size > MAX_OCTAL_SIZE) {
      const pax = Buffer.from((simpleName ? '' : paxRecord('path', name)) + (size > MAX_OCTAL_SIZE ? paxRecord('size', String(size)) : ''));
      await this.write(header('PaxHeader', pax.length, 'x', mtime));
      await this.write(pax);
      await this.write(ZERO.subarray(0, padding(pax.length)));
    }
    await this.write(header(simpleName ? name : 'long-name', size, '0', mtime));
    let written = 0;
    for await (const piece of body) {
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      written += chunk.length;
      if (written > size) throw new Error(`${name} grew while it was being archived`);
      onChunk?.(chunk);
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`${name}: expected ${size} bytes, read ${written}`);
    await this.write(ZERO.subarray(0, padding(size)));
  }

  async addBuffer(name: string, data: Buffer, mtime = new Date()): Promise<void> {
    await this.add(name, data.length, [data], mtime);
  }

  /** Two zero blocks end the archive; resolves once every byte is on disk (fsync). */
  async finish(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.write(Buffer.concat([ZERO, ZERO]));
    // Everything written so far is in the fd once 'finish' fires; then it goes to disk before the rename.
    this.out.end();
    await once(this.out, 'finish');
    if (this.failed) throw this.failed;
    await new Promise<void>((resolve, reject) => fs.fsync(this.fd, (err) => (err ? reject(err) : resolve())));
    this.fdClosed = true;
    fs.closeSync(this.fd);
  }

  /** Stops writing (after an error); the caller removes the partial file. */
  async abort(): Promise<void> {
    this.closed = true;
    this.out.destroy();
    if (this.fdClosed) return;
    this.fdClosed = true;
    fs.closeSync(this.fd);
  }
}

/** Exact reads over a stream of chunks of any size. */
class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(min: number) {
    while (this.length < min && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else {
        this.chunks.push(next.value);
        this.length += next.value.length;
      }
    }
  }

  /** Exactly n bytes, or null at the clean end of the input. */
  async exactly(n: number): Promise<Buffer | null> {
    await this.fill(n);
    if (this.length === 0) return null;
    if (this.length < n) throw new Error('the archive is truncated');
    const out = Buffer.alloc(n);
    let at = 0;
    while (at < n) {
      const head = this.chunks[0];
      const take = Math.min(head.length, n - at);
      head.copy(out, at, 0, take);
      at += take;
      this.take(take);
    }
    return out;
  }

  /** The next n bytes in pieces as they arrive. */
  async *pieces(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.length === 0) await this.fill(1);
      if (this.length === 0) throw new Error('the archive is truncated');
      const head = this.chunks[0];
      const take = Math.min(head.length, left);
      const piece = head.subarray(0, take);
      this.take(take);
      left -= take;
      yield piece;
    }
  }

  private take(n: number) {
    const head = this.chunks[0];
    if (n === head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    this.length -= n;
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Must be read to the end (or left alone: the reader then skips it) before the next entry. */
  body: AsyncGenerator<Buffer>;
}

function parseOctal(buf: Buffer, offset: number, length: number): number {
  const text = buf.toString('latin1', offset, offset + length).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]*$/.test(text)) throw new Error('not a tar archive (bad number in a header)');
  return text ? parseInt(text, 8) : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(data.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= 0) throw new Error('not a tar archive (bad pax record)');
    const record = data.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}

/** The regular files of a tar archive in order (directories and links are skipped). */
export async function* readTar(input: Readable): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(input[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  let pax: Record<string, string> = {};
  for (;;) {
    const h = await reader.exactly(BLOCK);
    if (!h || h.equals(ZERO)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (sum !== parseOctal(h, 148, 8)) throw new Error('not a tar archive, or a damaged one (header checksum)');
    const type = String.fromCharCode(h[156]);
    const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
    const rawName = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const name = pax.path ?? (prefix ? `${prefix}/${rawName}` : rawName);
    const size = pax.size !== undefined ? Number(pax.size) : parseOctal(h, 124, 12);
    if (type === 'x') {
      pax = parsePax((await reader.exactly(size + padding(size)))!.subarray(0, size));
      continue;
    }
    pax = {};
    const body = reader.pieces(size);
    if (type === '0' || type === '\0') {
      let consumed = false;
      const tracked = (async function* () {
        for await (const piece of body) yield piece;
        consumed = true;
      })();
      yield { name, size, body: tracked };
      if (!consumed) for await (const _ of tracked);
    } else {
      for await (const _ of body);
    }
    await reader.exactly(padding(size));
  }
}
