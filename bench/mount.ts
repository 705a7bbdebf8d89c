import React from 'react';
import {render} from 'ink';
import {Poller} from '../src/api/poller.js';
import type {Snapshot} from '../src/model/types.js';
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

export type Mounted = {terminal: CountingTerminal; poller: Poller<Snapshot>; clock: ManualClock; unmount: () => void};

/** The real dashboard (poller, model, components, patched Ink with incremental rendering) on a counting terminal. */
export function mount(columns: number, rows: number, load: (signal: AbortSignal) => Promise<{value: Snapshot; latencyMs: number; rateLimit: null}>, clock: ManualClock, depth: ColorDepth = 'truecolor'): Mounted {
  const terminal = new CountingTerminal(columns, rows);
  const poller = new Poller<Snapshot>({load, intervalMs: 24 * 3600 * 1000, now: clock.now});
  const instance = render(
    React.createElement(Dashboard, {poller, site: 'demo', depth, charset: 'braille', projection: 'natural-earth', privacy: false, bell: false, interactive: false, clock}),
    {stdout: terminal as unknown as NodeJS.WriteStream, stdin: new QuietInput() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, incrementalRendering: true, maxFps: 1000, scrollRegions: true} as Parameters<typeof render>[1],
  );
  return {terminal, poller, clock, unmount: () => {
    poller.stop();
    instance.unmount();
  }};
}

