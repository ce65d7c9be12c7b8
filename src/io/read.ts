/**
 * The one way input files are read: regular files only (a FIFO, a device, a directory or a
 * socket is refused without reading a byte, checked on the opened descriptor), at most a limit
 * of bytes (reading stops at the limit), strict UTF-8 with no control characters (an invalid
 * byte is named by its offset, line and column; UTF-16 and UTF-32 are recognised by their byte
 * order mark). Every problem is a FileError: exit code 2, a message without the file's content.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { FileError } from './errors.ts';

/** Default limit of one input file: 10 MiB (a scenario is a few KB; the bundled model 3 KB). */
export const DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024;
/** The environment variable that raises (or lowers) the limit, like `--max-input-bytes`. */
export const MAX_INPUT_BYTES_ENV = 'PILLAR_MAX_INPUT_BYTES';
/** The option of `pillar` that sets the limit for one run. */
export const MAX_INPUT_BYTES_OPTION = '--max-input-bytes';

let configuredMaxBytes: number | undefined;

/**
 * Parses a byte count as people write it: `5000000`, `512k`, `64M`, `2G` (powers of 1024).
 * Undefined when it is not one.
 */
export function parseByteCount(text: string): number | undefined {
  const match = /^\s*(\d{1,15})\s*([kKmMgG]i?[bB]?|[bB])?\s*$/.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? '').charAt(0).toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const value = Number(match[1]) * factor;
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Sets the limit for this process (the CLI's `--max-input-bytes`); undefined: back to default. */
export function setMaxInputBytes(bytes: number | undefined): void {
  configuredMaxBytes = bytes;
}

/**
 * The limit in force: `--max-input-bytes`, else PILLAR_MAX_INPUT_BYTES, else the default.
 * @throws FileError when the environment variable is not a byte count.
 */
export function maxInputBytes(): number {
  if (configuredMaxBytes !== undefined) return configuredMaxBytes;
  const env = process.env[MAX_INPUT_BYTES_ENV];
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_INPUT_BYTES;
  const bytes = parseByteCount(env);
  if (bytes === undefined) {
    throw new FileError([
      {
        file: MAX_INPUT_BYTES_ENV,
        path: '',
        message: 'expected a number of bytes such as 20000000, 512k, 64M or 1G',
      },
    ]);
  }
  return bytes;
}

/** How a message names the limit and the ways to raise it. */
export function limitHint(bytes: number): string {
  return `the limit of ${bytes} bytes (raise it with ${MAX_INPUT_BYTES_OPTION} or ${MAX_INPUT_BYTES_ENV})`;
}

export interface ReadOptions {
  /** What the file should be, for messages: `a scenario file`. */
  what?: string;
  /** Limit in bytes; default maxInputBytes(). */
  maxBytes?: number;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'file not found',
  ENOTDIR: 'file not found (a part of the path is not a directory)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENXIO: 'not a regular file (a socket or a device without a reader)',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * Opens `path` for reading, non-blocking so a FIFO never blocks, and checks on the opened
 * descriptor that it is a regular file; `fail` reports what is wrong (and throws). The caller
 * closes the descriptor.
 */
function openRegularFile(
  path: string,
  what: string,
  fail: (message: string) => never,
): { fd: number; stats: Stats } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return fail(OPEN_ERRORS[code] ?? `cannot open the file (${code || 'error'})`);
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (!stats.isFile()) {
    closeSync(fd);
    return fail(`is ${kindOf(stats)}, not ${what}`);
  }
  return { fd, stats };
}

/** Bytes read by the last call of readInputBytes (for tests that check reading stopped). */
export let lastBytesRead = 0;

/**
 * The bytes of a regular file, at most `maxBytes` of them.
 * @throws FileError for a missing or unreadable file, one that is not a regular file (checked with
 * fstat on the opened descriptor, opened non-blocking so a FIFO never blocks) or one above the
 * limit (refused from its size before reading, or once the limit is passed for files whose size
 * the system does not report, as in /proc).
 */
export function readInputBytes(path: string, options: ReadOptions = {}): Buffer {
  const what = options.what ?? 'an input file';
  const maxBytes = options.maxBytes ?? maxInputBytes();
  const fail = (message: string): never => {
    throw new FileError([{ file: path, path: '', message }]);
  };
  lastBytesRead = 0;
  const { fd, stats } = openRegularFile(path, what, fail);
  try {
    if (stats.size > maxBytes) fail(`is ${stats.size} bytes, more than ${limitHint(maxBytes)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, 1 << 20));
    for (;;) {
      const want = Math.min(chunk.length, maxBytes + 1 - total);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, want, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return fail(`cannot read the file (${code})`);
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      lastBytesRead = total;
      if (total > maxBytes) fail(`is larger than ${limitHint(maxBytes)}; stopped reading there`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Line and column (1-based, in characters) of a byte offset in UTF-8 bytes known valid before it. */
function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = bytes.subarray(lineStart, offset).toString('utf8').length + 1;
  return { line, column };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= bytes.length) return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const BOMS: { bytes: number[]; name: string }[] = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32LE' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32BE' },
  { bytes: [0xff, 0xfe], name: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], name: 'UTF-16BE' },
];

/**
 * Decodes file bytes as strict UTF-8 text (a UTF-8 byte order mark is dropped).
 * @throws FileError naming the encoding of a UTF-16/32 file, or the offset, line and column of the
 * first invalid byte or control character (anything below U+0020 but tab, line feed and carriage
 * return: neither YAML nor JSON allows them raw).
 */
export function decodeText(bytes: Buffer, file: string): string {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) {
      throw new FileError([
        {
          file,
          path: '',
          message: `is ${bom.name} text (byte order mark at the start); save it as UTF-8`,
        },
      ]);
    }
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0').toUpperCase();
    throw new FileError([
      {
        file,
        path: '',
        ...positionOfByte(bytes, offset),
        message: `invalid UTF-8: byte 0x${byte} at offset ${offset} (save the file as UTF-8)`,
      },
    ]);
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      const hint = b === 0 ? ' (is it UTF-16 without a byte order mark, or not text?)' : '';
      throw new FileError([
        {
          file,
          path: '',
          ...positionOfByte(bytes, i),
          message: `control character U+${b.toString(16).padStart(4, '0').toUpperCase()} at offset ${i}: not allowed in YAML or JSON${hint}`,
        },
      ]);
    }
  }
  return bytes.toString('utf8', start);
}

/**
 * Reads a text file through readInputBytes and decodeText.
 * @throws FileError (see both).
 */
export function readInputText(path: string, options: ReadOptions = {}): string {
  return decodeText(readInputBytes(path, options), path);
}

/** Where readLines stopped. */
export interface LinesRead {
  /** Byte length of the complete lines read (each ending in a line feed). */
  completeBytes: number;
  /** Whether bytes follow the last line feed (an interrupted write). */
  partialTail: boolean;
}

/**
 * Reads a regular file line by line (a line ends with a line feed), however large the file, each
 * line at most `maxLineBytes` and strict UTF-8. `onLine` gets the text and the 1-based line
 * number and returns false to stop. Bytes after the last line feed are not passed on.
 * @throws FileError as readInputBytes does (not a regular file, unreadable), for a line above the
 * limit, or for invalid UTF-8 (naming the line).
 */
export function readLines(
  path: string,
  onLine: (text: string, line: number) => boolean,
  options: ReadOptions & { maxLineBytes?: number } = {},
): LinesRead {
  const what = options.what ?? 'an input file';
  const maxLine = options.maxLineBytes ?? maxInputBytes();
  const fail = (message: string, line?: number): never => {
    throw new FileError([
      line === undefined
        ? { file: path, path: '', message }
        : { file: path, path: '', line, message },
    ]);
  };
  const { fd } = openRegularFile(path, what, fail);
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let line = 0;
    let completeBytes = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        return fail(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      if (n === 0) break;
      let start = 0;
      for (
        let nl = chunk.indexOf(0x0a, start);
        nl >= 0 && nl < n;
        nl = chunk.indexOf(0x0a, start)
      ) {
        const piece = chunk.subarray(start, nl);
        const bytes = pendingBytes === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingBytes = 0;
        line++;
        if (bytes.length > maxLine)
          fail(`line is ${bytes.length} bytes, more than ${limitHint(maxLine)}`, line);
        if (!isUtf8(bytes)) fail('invalid UTF-8 in this line', line);
        completeBytes += bytes.length + 1;
        if (!onLine(bytes.toString('utf8'), line)) return { completeBytes, partialTail: true };
        start = nl + 1;
      }
      if (start < n) {
        pending.push(Buffer.from(chunk.subarray(start, n)));
        pendingBytes += n - start;
        if (pendingBytes > maxLine)
          fail(`line is more than ${limitHint(maxLine)}; stopped reading there`, line + 1);
      }
    }
    return { completeBytes, partialTail: pendingBytes > 0 };
  } finally {
    closeSync(fd);
  }
}
