import {EventEmitter} from 'node:events';
import {Writable} from 'node:stream';

/** A terminal for Ink without a terminal: counts what is written and tells when a frame lands. */
export class CountingTerminal extends Writable {
  isTTY = true;
  columns: number;
  rows: number;
  bytes = 0;
  writes = 0;
  readonly frames = new EventEmitter();

  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += Buffer.byteLength(chunk);
    this.writes++;
    this.frames.emit('write', performance.now());
    callback();
  }

  /** Resolves at the next write, or after `ms` with null when nothing was written. */
  nextWrite(ms = 5000): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.frames.off('write', onWrite);
        resolve(null);
      }, ms);
      const onWrite = (at: number) => {
        clearTimeout(timer);
        resolve(at);
      };
      this.frames.once('write', onWrite);
    });
  }

  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** stdin that is not a terminal: Ink reads no keys and never touches raw mode. */
export class QuietInput extends EventEmitter {
  isTTY = false;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}
