import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {guardStdout, isClosedPipe, onOutputClosed, outputClosed, redactWrites, resetOutputState} from '../../src/cli/output.js';
import {clearSecrets, registerSecret} from '../../src/model/redact.js';

/** A stream that records writes and lets the test emit its 'error'. */
class FakeStream extends EventEmitter {
  written: unknown[] = [];
  write(chunk: unknown): boolean {
    this.written.push(chunk);
    return true;
  }
}

const errno = (code: string) => Object.assign(new Error(code), {code});

afterEach(() => {
  resetOutputState();
  clearSecrets();
});

describe('guardStdout', () => {
  it('a reader that went away (EPIPE) runs the close handlers and exits 0, writing nothing', () => {
    const stdout = new FakeStream();
    const stderr = new FakeStream();
    const exits: number[] = [];
    const ran: string[] = [];
    onOutputClosed(() => ran.push('restore terminal'));
    const off = onOutputClosed(() => ran.push('never'));
    off();
    guardStdout(stdout, stderr, (code) => exits.push(code));
    stdout.emit('error', errno('EPIPE'));
    stdout.emit('error', errno('EPIPE'));
    expect(exits).toEqual([0]);
    expect(ran).toEqual(['restore terminal']);
    expect(stderr.written).toEqual([]);
    expect(outputClosed()).toBe(true);
  });

  it('any other failure is one line on stderr and exit 1', () => {
    const stdout = new FakeStream();
    const stderr = new FakeStream();
    const exits: number[] = [];
    guardStdout(stdout, stderr, (code) => exits.push(code));
    stdout.emit('error', errno('ENOSPC'));
    expect(exits).toEqual([1]);
    expect(stderr.written).toEqual(['dftop: cannot write to standard output (ENOSPC)\n']);
  });

  it('knows which errors mean a closed reader', () => {
    expect(['EPIPE', 'ERR_STREAM_DESTROYED'].map((c) => isClosedPipe(errno(c)))).toEqual([true, true]);
    expect([errno('ENOSPC'), new Error('x'), null].map(isClosedPipe)).toEqual([false, false, false]);
  });
});

describe('redactWrites', () => {
  it('redacts strings and UTF-8 buffers once a secret is registered, and passes the rest through', () => {
    const stream = new FakeStream();
    redactWrites(stream);
    const key = 'df_live_secret_key_987654321';
    stream.write(`before ${key}`);
    registerSecret(key);
    stream.write(`after ${key} é`);
    stream.write(Buffer.from(`buffer ${key}`));
    const untouched = Buffer.from('no secret here');
    stream.write(untouched);
    expect(stream.written[0]).toBe(`before ${key}`);
    expect(stream.written[1]).toBe('after [redacted] é');
    expect(Buffer.from(stream.written[2] as Uint8Array).toString()).toBe('buffer [redacted]');
    expect(stream.written[3]).toBe(untouched);
  });
});
