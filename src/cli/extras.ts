import {flushAlerts, initialAlertState, nextFlushAt, observeAlerts, type Alert, type AlertState} from '../model/alerts.js';
import {terminalSafeJson} from '../model/sanitise.js';
import type {Feed} from '../model/types.js';
import type {SiteInfo} from '../api/sites.js';
import {strings} from '../ui/strings.js';
import {alertText} from '../ui/views/alerts.js';
import type {Settings} from './config.js';
import {alertSequence, CommandRunner} from './notify.js';
import {openRecorder, type Recorder} from './record.js';
import type {RawHook} from './source.js';

// What --record and --alert add to a mode, in one place: modes.ts (--json, --once) and the live screen call
// these and stay small.

type Env = Record<string, string | undefined>;

/** An alert as --json prints it and --alert-command receives it: the words first, then the data. */
export type AlertOut = {text: string} & Alert;

/**
 * Checks each poll's feed against the rules and delivers what fires: the terminal notification (OSC 9 and the
 * bell, when a terminal writer is given — the live screen), and `--alert-command`. Returns the alerts with
 * their words, for --json lines and the header.
 */
export class AlertPipeline {
  private state: AlertState;
  private readonly runner: CommandRunner | null;
  private lastCount = 0;

  constructor(
    private readonly settings: Pick<Settings, 'alerts' | 'alertCommand' | 'privacy'>,
    private readonly env: Env,
    private readonly options: {writeTerminal?: (text: string) => void; onError?: (message: string) => void; ascii?: boolean} = {},
  ) {
    this.state = initialAlertState(settings.alerts);
    this.runner = settings.alertCommand ? new CommandRunner(settings.alertCommand, {env, onError: options.onError}) : null;
  }

  get active(): boolean {
    return this.settings.alerts.length > 0;
  }

  /** One poll: what fires now (a burst is one alert; a rule in its 10 s cooldown waits). */
  observe(feed: Feed, now = Date.now()): AlertOut[] {
    this.lastCount = feed.count;
    const flushed = flushAlerts(this.state, now, feed.count);
    const observed = observeAlerts(flushed.state, feed, now);
    this.state = observed.state;
    return this.deliver([...flushed.alerts, ...observed.alerts]);
  }

  /** Between polls: what waited for a cooldown and may go now. Call at `nextDueAt()`. */
  flush(now = Date.now()): AlertOut[] {
    const flushed = flushAlerts(this.state, now, this.lastCount);
    this.state = flushed.state;
    return this.deliver(flushed.alerts);
  }

  nextDueAt(): number | null {
    return nextFlushAt(this.state);
  }

  /** After a replay steps back or the site changes: forget what was seen, fire nothing for the next poll. */
  reset(): void {
    this.state = initialAlertState(this.settings.alerts);
  }

  private deliver(alerts: Alert[]): AlertOut[] {
    const out = alerts.map((a) => ({text: alertText(a, {privacy: this.settings.privacy, ascii: this.options.ascii}), ...a}));
    for (const alert of out) {
      this.options.writeTerminal?.(alertSequence(alert.text, this.env));
      this.runner?.run(alert);
    }
    return out;
  }

  /** Lets queued commands finish for up to `graceMs`, then stops them. */
  async close(graceMs?: number): Promise<void> {
    await this.runner?.close(graceMs);
  }
}

/** A --json line with the alerts appended as "alerts" (the documented fields keep their order, first). */
export function withAlerts(line: string, alerts: readonly AlertOut[]): string {
  const body = line.trimEnd();
  return `${body.slice(0, -1)},"alerts":${terminalSafeJson(alerts)}}\n`;
}

export type Extras = {
  recorder: Recorder | null;
  alerts: AlertPipeline | null;
  /** For createPoller / fetchOnce / loadSnapshot. */
  onRaw: RawHook | undefined;
  /** With `deferRecord`: writes the answer held back, now that the site is known. */
  commitRecord(site: SiteInfo | null): void;
  close(): Promise<void>;
  /** On a signal, just before the process exits: the recording's queued lines written, the file closed. */
  closeNow(): void;
};

/**
 * The recorder and the alert pipeline a mode needs, from the settings. `deferRecord` (--once) holds the answer
 * until `commitRecord(site)`, so that its line names the site. Opening the recording can throw a UsageError.
 */
export function createExtras(
  settings: Settings,
  env: Env,
  options: {stderr?: {write(text: string): unknown}; writeTerminal?: (text: string) => void; deferRecord?: boolean; ascii?: boolean} = {},
): Extras {
  const warn = (message: string) => options.stderr?.write(`dftop: ${message}\n`);
  const recorder = settings.record ? openRecorder(settings.record, {maxBytes: settings.recordMax, onError: warn}) : null;
  // A demo recording says so in a replay's header.
  if (settings.demo) recorder?.setSite({domain: null, name: strings.demoSite, currency: null, timezone: null});
  const alerts = settings.alerts.length ? new AlertPipeline(settings, env, {writeTerminal: options.writeTerminal, onError: warn, ascii: options.ascii}) : null;
  let held: Parameters<RawHook> | null = null;
  const onRaw: RawHook | undefined = recorder
    ? (data, receivedAt, websiteId) => {
        if (options.deferRecord) held = [data, receivedAt, websiteId];
        else recorder.write(data, receivedAt, websiteId);
      }
    : undefined;
  return {
    recorder,
    alerts,
    onRaw,
    commitRecord(site) {
      if (!recorder || !held) return;
      if (site) recorder.setSite(site);
      recorder.write(...held);
      held = null;
    },
    async close() {
      await alerts?.close();
      await recorder?.close();
    },
    closeNow() {
      recorder?.closeSync();
    },
  };
}
