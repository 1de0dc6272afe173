import type { Readable } from 'node:stream';

/** Keeps the last `max` lines pushed into it. */
export class LineTail {
  private readonly buffer: string[] = [];

  constructor(private readonly max: number) {}

  push(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length > this.max) this.buffer.splice(0, this.buffer.length - this.max);
  }

  lines(): string[] {
    return [...this.buffer];
  }

  last(n: number): string[] {
    return this.buffer.slice(-n);
  }
}

/** Calls `onLine` for each complete line of a text stream (and for a trailing partial line at its end). */
export function readLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let index: number;
    while ((index = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, index).replace(/\r$/, ''));
      pending = pending.slice(index + 1);
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

/** Formats the last lines of some output for an error message. */
export function formatTail(lines: string[], what: string): string {
  if (lines.length === 0) return `(no output from ${what})`;
  return `last ${lines.length} line(s) of ${what}:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}
