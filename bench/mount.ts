import React from 'react';
import {render} from 'ink';
import {Poller} from '../src/api/poller.js';
import type {Snapshot} from '../src/model/types.js';
import {FrameWriter} from '../src/terminal/writer.js';
import type {ColorDepth} from '../src/text/style.js';
import {Dashboard} from '../src/ui/app.js';
import type {Clock} from '../src/ui/clock.js';
import {CountingTerminal, QuietInput} from './terminal.js';

export class ManualClock implements Clock {
  private listeners = new Set<() => void>();
  constructor(private t: number) {}
  now = () => this.t;
  subscribe = (onTick: () => void) => {
    this.listeners.add(onTick);
    return () => this.listeners.delete(onTick);
  };
  tick(ms: number) {
    this.t += ms;
    for (const l of this.listeners) l();
  }
}

/** The Dashboard's frame sink: the project's frame writer on `terminal`, as the live screen uses it. */
export function writerSink(terminal: {write(s: string): unknown}, depth: ColorDepth = 'truecolor') {
  const writer = new FrameWriter(terminal, {depth, syncOutput: false, scrollRegions: true, ascii: false});
  return {render: (rows: Parameters<FrameWriter['render']>[0], width: number, height: number) => void writer.render(rows, width, height), redraw: () => writer.invalidate()};
}

export type Mounted = {terminal: CountingTerminal; poller: Poller<Snapshot>; clock: ManualClock; unmount: () => void};

/**
 * The real dashboard (poller, model, components, Ink for React) drawing through the project's frame writer onto a
 * counting terminal, as the live screen does (scroll regions on, synchronized output off).
 */
export function mount(columns: number, rows: number, load: (signal: AbortSignal) => Promise<{value: Snapshot; latencyMs: number; rateLimit: null}>, clock: ManualClock, depth: ColorDepth = 'truecolor'): Mounted {
  const terminal = new CountingTerminal(columns, rows);
  const poller = new Poller<Snapshot>({load, intervalMs: 24 * 3600 * 1000, now: clock.now});
  const output = writerSink(terminal, depth);
  const instance = render(
    React.createElement(Dashboard, {poller, site: 'demo', depth, charset: 'braille', projection: 'natural-earth', privacy: false, interactive: false, clock, output, sizeSource: terminal}),
    {stdout: new CountingTerminal(columns, rows) as unknown as NodeJS.WriteStream, stdin: new QuietInput() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false},
  );
  return {terminal, poller, clock, unmount: () => {
    poller.stop();
    instance.unmount();
  }};
}

