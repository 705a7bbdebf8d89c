// Node's warnings never reach the screen: they are kept for a status line, and written only with DEBUG=dftop.
import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {installWarningRouter} from '../../src/cli/warnings.js';

describe('the warning router', () => {
  const saved = process.listeners('warning');
  afterEach(() => {
    process.removeAllListeners('warning');
    for (const l of saved) process.on('warning', l);
  });

  it('takes a real TimeoutOverflowWarning off stderr and keeps it', async () => {
    const written: string[] = [];
    const stderr = {write: (s: string) => written.push(s)};
    const target = new EventEmitter();
    const log = installWarningRouter({}, target, stderr);
    const seen: string[] = [];
    log.onWarning((t) => seen.push(t));
    // Route this process's warnings to the test's emitter, as install does for process itself.
    const forward = (w: Error) => target.emit('warning', w);
    process.removeAllListeners('warning');
    process.on('warning', forward);
    const timer = setTimeout(() => {}, 2 ** 31);
    clearTimeout(timer);
    await new Promise((r) => setImmediate(r));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^TimeoutOverflowWarning: 2147483648 does not fit into a 32-bit signed integer/);
    expect(log.recent()).toEqual(seen);
    expect(written).toEqual([]);
  });

  it('writes them to stderr with DEBUG=dftop, one line each, without control characters', () => {
    const written: string[] = [];
    const target = new EventEmitter();
    installWarningRouter({DEBUG: 'net,dftop'}, target, {write: (s: string) => written.push(s)});
    const w = new Error('bad\u001b]0;title\u0007 thing');
    w.name = 'DeprecationWarning';
    target.emit('warning', w);
    expect(written).toEqual(['dftop: node warning: DeprecationWarning: bad ]0;title  thing\n']);
  });

  it('on the real process: removes Node\'s printer and keeps at most 20', () => {
    const log = installWarningRouter({});
    expect(process.listeners('warning')).toHaveLength(1);
    for (let i = 0; i < 25; i++) process.emit('warning', new Error(`w${i}`));
    expect(log.recent()).toHaveLength(20);
    expect(log.recent()[19]).toBe('Error: w24');
    expect(installWarningRouter({})).toBe(log);
  });
});
