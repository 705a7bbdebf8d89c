import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {doctor} from '../../src/terminal/live.js';

// --doctor over a slow link: the terminal's answers take longer than the live screen waits; the doctor waits for
// them, and an answer that comes after it gave up is read and dropped, not left for the shell to type.

/** A terminal that answers the probe (cursor position, then DA1) `delayMs` after it is asked. */
function slowTerminal(delayMs: number) {
  const stdin = Object.assign(new PassThrough(), {isTTY: true, isRaw: false, setRawMode(mode: boolean) {
    stdin.isRaw = mode;
    return stdin;
  }});
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunk.toString('latin1').includes('\x1b[c')) setTimeout(() => stdin.write('\x1b[1;2R\x1b[?62;22c'), delayMs);
        done();
      },
    }),
    {isTTY: true, columns: 80, rows: 24},
  );
  return {stdin, stdout};
}

const env = {TERM: 'xterm-256color', LANG: 'C.UTF-8'};

describe('dftop --doctor on a slow link', () => {
  it('waits for answers that take 600 ms (the live screen would not)', async () => {
    const {stdin, stdout} = slowTerminal(600);
    const report = await doctor(stdout as never, stdin as never, env, {});
    expect(report).not.toContain('no answer to the probe');
  });

  it('drops an answer that comes after it gave up, instead of leaving it in the input', async () => {
    const {stdin, stdout} = slowTerminal(120);
    const report = await doctor(stdout as never, stdin as never, env, {}, 60);
    expect(report).toContain('no answer to the probe');
    // Whenever the answer lands (by now it has), none of it is waiting in the input.
    await new Promise((r) => setTimeout(r, 200));
    expect(stdin.readableLength).toBe(0);
    expect(stdin.isRaw).toBe(false);
  });
});
