import {needsWebsiteId, type ClientOptions} from '../api/client.js';
import {DataFastError, isFinal, titleFor} from '../api/errors.js';
import {clampDelay} from '../api/retry.js';
import type {DemoServer} from '../demo/server.js';
import {defaultCharset, type Charset} from '../map/glyphs.js';
import type {ProjectionName} from '../map/projection.js';
import {applySnapshot} from '../model/feed.js';
import {jsonLine} from '../model/json.js';
import {filteredJsonLine, parseFilter} from '../model/filter.js';
import {onOutputClosed} from './output.js';
import {profileStoreFor} from '../model/profile.js';
import type {Feed} from '../model/types.js';
import {InkSink, openLiveSession, quietInput, RESIZE_SETTLE_MS} from '../terminal/live.js';
import {onTermination} from '../terminal/signals.js';
import {createSuspender} from '../terminal/suspend.js';
import {firstFrame} from '../ui/first-frame.js';
import {renderSnapshot} from '../ui/snapshot.js';
import {strings} from '../ui/strings.js';
import {detectDepth, themeFor} from '../ui/theme.js';
import {detectUtf8, type ColorWhen} from '../terminal/profile.js';
import type {AlertSource, SiteChooser, SnapshotSource} from '../ui/source.js';
import {workflowStrings} from '../ui/strings-workflow.js';
import {alertText} from '../ui/views/alerts.js';
import {UsageError, type Parsed} from './args.js';
import {WEBSITE_NEEDED, type Settings} from './config.js';
import {safeMessage} from '../model/redact.js';
import {report} from './report.js';
import {createPoller, fetchOnce} from './source.js';
import {fetchSites, resolveSite, siteInfo, type SiteInfo} from '../api/sites.js';
import {withSiteCurrency} from '../model/site.js';
import type {Snapshot} from '../model/types.js';
import {createExtras, withAlerts} from './extras.js';
import {BEL} from './notify.js';
import type {ReplaySource} from './replay.js';
import {siteHeader, withRetries} from './sites.js';
import {snapshotSize} from './snapshot-size.js';

type Env = Record<string, string | undefined>;

/** The demo API (a simulation and an HTTP server): loaded only by the modes that run it. */
const demoModule = () => import('../demo/server.js');

export async function runDemoServer(flags: Parsed): Promise<number> {
  const {startDemoServer, parseFaultList} = await demoModule();
  let faults: ReturnType<typeof parseFaultList> | null = null;
  if (flags.faults !== undefined) {
    try {
      faults = parseFaultList(String(flags.faults));
    } catch (error) {
      throw new UsageError(`--faults: ${(error as Error).message}`);
    }
  }
  const server = await startDemoServer({
    port: flags.port as number | undefined,
    shape: (flags.shape as 'objects' | 'strings' | undefined) ?? 'objects',
    seed: flags.seed as number | undefined,
    visitors: flags.visitors as number | undefined,
    steady: flags.steady === true,
    fault: faults ? (n) => faults[n % faults.length] : undefined,
  });
  process.stdout.write(`dftop demo API listening on ${server.url}\n`);
  process.stdout.write(`try: DATAFAST_API_KEY=df_demo dftop --base-url ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

export async function runMonitor(settings: Settings, env: Env, version: string): Promise<number> {
  // The in-process demo API starts while the first frame is drawn: the poller waits for it, the screen does not.
  const demoStarting: Promise<DemoServer> | null = settings.demo ? demoModule().then(({startDemoServer}) => startDemoServer({visitors: settings.demoVisitors})) : null;
  const clientReady: Promise<ClientOptions> = (async () => {
    const demo = await demoStarting;
    return {
      baseUrl: demo ? demo.url : settings.baseUrl,
      apiKey: demo ? 'df_demo' : settings.apiKey!,
      websiteId: settings.websiteId,
      timeoutMs: settings.timeoutMs,
      userAgent: `dftop/${version}`,
      // The in-process demo API is on loopback: never through a proxy.
      proxy: demo ? null : settings.proxy,
    };
  })();
  try {
    const stdout = process.stdout;
    // Not a UTF-8 locale: the ascii map, ASCII chrome, and every other character made ASCII (not one byte
    // above 0x7F), in the snapshot as on the live screen.
    const utf8 = detectUtf8(env).utf8;
    const charset = utf8 ? settings.charset ?? defaultCharset(env.TERM) : 'ascii';
    if (settings.json && settings.once) {
      const extras = createExtras(settings, env, {stderr: process.stderr});
      try {
        const snapshot = await fetchOnce(await clientReady, ONCE_BUDGET_MS, retryNotice(process.stderr), extras.onRaw);
        const line = jsonOf(applySnapshot(null, snapshot), settings);
        // One poll crosses nothing: with rules, the line still has its (empty) "alerts".
        stdout.write(extras.alerts ? withAlerts(line, []) : line);
      } finally {
        await extras.close();
      }
      return 0;
    }
    if (settings.json) return await streamJson(await clientReady, settings, env);
    if (settings.once || !stdout.isTTY) {
      const extras = createExtras(settings, env, {stderr: process.stderr, deferRecord: true});
      const client = await clientReady;
      let snapshot: Snapshot;
      let site: SiteInfo | null = null;
      try {
        snapshot = await fetchOnce(client, ONCE_BUDGET_MS, retryNotice(process.stderr), extras.onRaw);
        // The site's domain for the header, asked once the data is in (a failure there is not fatal).
        if (!settings.demo) site = await resolveSite(client);
        snapshot = withSiteCurrency(snapshot, site?.currency);
        extras.commitRecord(site);
      } finally {
        await extras.close();
      }
      const depth = detectDepth(settings.color, env, !!stdout.isTTY);
      const {width, height} = snapshotSize(settings, stdout, env);
      stdout.write(renderSnapshot(applySnapshot(null, snapshot), {site: siteHeader(settings, site), width, height, depth, charset, projection: settings.projection, privacy: settings.privacy, ascii: !utf8, filter: settings.filter, currency: site?.currency ?? null}) + '\n');
      return 0;
    }
    return await runLive(clientReady, settings, env, charset);
  } finally {
    await (await demoStarting)?.close();
  }
}

/** A --json line: only what --filter leaves, and which filter, when one is set; the documented shape otherwise. */
function jsonOf(feed: Feed, settings: Settings): string {
  return settings.filter ? filteredJsonLine(feed, parseFilter(settings.filter)) : jsonLine(feed);
}

/** How long `--once` keeps trying transient failures. */
const ONCE_BUDGET_MS = 30_000;

/** What failed, in a few words, for the retry notice: "connection refused", "server error (HTTP 503)". */
function retryReason(error: unknown): string {
  if (!(error instanceof DataFastError)) return 'no answer';
  if (error.kind === 'network') return safeMessage(error.message, 120);
  return `${titleFor(error.kind)}${error.status !== null ? ` (HTTP ${error.status})` : ''}`;
}

/**
 * `--once`'s sleep between tries: on a terminal, the first retry says so on stderr (a closed port would
 * otherwise be 30 silent seconds); in a pipe or cron nothing is written unless it finally fails.
 */
function retryNotice(stderr: {isTTY?: boolean; write(text: string): unknown}): (ms: number, error?: unknown) => Promise<void> {
  let told = false;
  return (ms, error) => {
    if (!told && stderr.isTTY) {
      told = true;
      stderr.write(`dftop: ${retryReason(error)} — retrying (up to ${ONCE_BUDGET_MS / 1000} s)…\n`);
    }
    return new Promise<void>((resolve) => setTimeout(resolve, clampDelay(ms)));
  };
}

async function streamJson(client: ClientOptions, settings: Settings, env: Env): Promise<number> {
  const extras = createExtras(settings, env, {stderr: process.stderr});
  const poller = createPoller(client, settings.intervalMs, extras.onRaw);
  let feed: Feed | null = null;
  const code = await pollUntilStopped(poller, client.apiKey, env, (snapshot) => {
    feed = applySnapshot(feed, snapshot);
    const line = jsonOf(feed, settings);
    process.stdout.write(extras.alerts ? withAlerts(line, extras.alerts.observe(feed)) : line);
  });
  await extras.close();
  return code;
}

/**
 * Runs `poller` until SIGINT or SIGTERM (exit 0) or a final error (its exit code), handing each answer to
 * `onSnapshot` and reporting each failure on stderr: the loop of `--json` and of the plain per-poll snapshot.
 */
function pollUntilStopped(
  poller: SnapshotSource,
  apiKey: string | null,
  env: Env,
  onSnapshot: (snapshot: Snapshot) => void,
  stopOn?: (stop: () => void) => () => void,
): Promise<number> {
  return new Promise<number>((resolve) => {
    const finish = (code: number) => {
      poller.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      off?.();
      resolve(code);
    };
    const stop = () => finish(0);
    const off = stopOn?.(stop);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    poller.onOutcome((outcome) => {
      if (outcome.kind === 'ok') return onSnapshot(outcome.value);
      const code = report(outcome.error, apiKey, env, process.stderr);
      if (isFinal(outcome.error)) finish(code);
    });
    poller.start();
  });
}

async function runLive(clientReady: Promise<ClientOptions>, settings: Settings, env: Env, charset: ReturnType<typeof defaultCharset>): Promise<number> {
  const stdout = process.stdout;
  const apiKey = settings.apiKey;
  // A dft_ account token sees several sites: the picker, at start-up when no website is given, and with `w`.
  const account = !settings.demo && apiKey !== null && needsWebsiteId(apiKey);
  const picking = account && !settings.websiteId;
  // --record and --alert. While the screen is up, their messages go to the header; all of them to stderr after.
  const notices = noticeBoard();
  let dumb = false;
  let closed = false;
  const extras = createExtras(settings, env, {
    stderr: notices,
    ascii: !detectUtf8(env).utf8,
    // OSC 9 and the bell move nothing on the screen: written beside the frame writer. A dumb terminal gets the bell only.
    writeTerminal: (text) => {
      if (!closed) stdout.write(dumb ? BEL : text);
    },
  });
  try {
    const session = await openLiveSession(stdout, process.stdin, env, {color: settings.color, theme: settings.theme ?? undefined, ambiguous: settings.ambiguous ?? undefined, mouse: settings.mouse});
    const {profile} = session;
    if (profile.dumb) {
      // No cursor addressing, no picker: a website is needed, as for --once (nothing was asked yet).
      if (picking) {
        session.close();
        throw new UsageError(WEBSITE_NEEDED);
      }
      dumb = true;
      notices.direct(process.stderr);
      try {
        return await streamPlain(createPoller(clientReady, settings.intervalMs, extras.onRaw), {...plainOptions(settings, profile.utf8, env), site: () => siteHeader(settings, null), alerts: extras.alerts, stopOn: quitKeys(session)});
      } finally {
        session.close();
      }
    }

    // One poller (and journey store) per site: a site chosen in the picker gets its own.
    type Opened = {id: string | null; poller: ReturnType<typeof createPoller>; profiles: ReturnType<typeof profileStoreFor>};
    const openSite = (websiteId: string | null): Opened => {
      const client = websiteId === settings.websiteId ? clientReady : clientReady.then((c) => ({...c, websiteId}));
      const poller = createPoller(client, settings.intervalMs, extras.onRaw);
      return {id: websiteId, poller, profiles: profileStoreFor(client, poller)};
    };
    let current: Opened | null = picking ? null : openSite(settings.websiteId);
    let info: SiteInfo | null = null;
    const siteName = () => siteHeader({...settings, websiteId: current?.id ?? settings.websiteId}, info);

    // The first frame (the map, the empty panes) is drawn before the application framework is even loaded:
    // Ink and React take a noticeable part of start-up, and the Dashboard's own first frame equals this one.
    // The picker at start-up waits for them: it needs keys anyway.
    const theme = themeFor(profile.theme);
    const liveCharset = profile.utf8 ? charset : 'ascii';
    const asciiChrome = !profile.utf8 || profile.ambiguousWide;
    if (!picking) {
      session.sink.render(
        firstFrame({
          site: siteName(), theme, depth: profile.depth, charset: liveCharset, projection: settings.projection, asciiChrome, privacy: settings.privacy, filter: settings.filter,
          columns: stdout.columns, rows: stdout.rows, intervalMs: settings.intervalMs, modes: {sites: account},
        }),
        stdout.columns,
        stdout.rows,
      );
    }
    let update = () => {};
    // The site's name (and currency) for the header, asked once the first data is in (as --once does), so that
    // it never delays the first poll; a failure keeps the fallback.
    if (current && !settings.demo) {
      const asked = current;
      const off = asked.poller.onOutcome((outcome) => {
        if (outcome.kind !== 'ok') return;
        off();
        void clientReady
          .then((client) => resolveSite(client))
          .then((found) => {
            if (!found || current !== asked) return;
            info = found;
            extras.recorder?.setSite(found);
            update();
          });
      });
    }
    const [{default: React}, {render}, {Dashboard}] = await Promise.all([import('react'), import('ink'), import('../ui/app.js')]);
    let instance: ReturnType<typeof render> | null = null;
    const suspender = createSuspender(session.screen, session.input, () => session.sink.redraw());
    const stopListening = onTermination((_reason, error) => {
      current?.poller.stop();
      instance?.unmount();
      closed = true;
      session.close();
      extras.closeNow();
      notices.flush(process.stderr);
      if (error) report(error, apiKey, env, process.stderr);
    });
    // The terminal went away under us (an SSH session dropped without SIGHUP): give back what can be given back.
    const offClosed = onOutputClosed(() => session.close());
    const sites: SiteChooser | null = account
      ? {
          load: async () => {
            const client = await clientReady;
            return await withRetries(() => fetchSites(client));
          },
          choose: (site) => {
            if (current?.id === site.id) return;
            current?.poller.stop();
            extras.alerts?.reset();
            current = openSite(site.id);
            info = siteInfo(site);
            extras.recorder?.setSite(info);
            update();
          },
        }
      : null;
    const onSuspend = () => suspender.suspend();
    const inkOut = new InkSink(stdout);
    const element = () =>
      React.createElement(Dashboard, {
        poller: current?.poller ?? null, siteKey: current?.id ?? null, site: siteName(), currency: info?.currency ?? null, profiles: current?.profiles ?? null,
        depth: profile.depth, charset: liveCharset, projection: settings.projection, privacy: settings.privacy,
        interactive: session.input.source !== 'none', input: session.events, output: session.sink, sizeSource: stdout, resizeSettleMs: RESIZE_SETTLE_MS,
        theme, asciiChrome, mouse: profile.mouse, onSuspend, filter: settings.filter, alerts: extras.alerts, sites, notices,
      });
    instance = render(element(), {stdout: inkOut as unknown as NodeJS.WriteStream, stdin: quietInput(), exitOnCtrlC: false, patchConsole: false});
    update = () => instance?.rerender(element());
    try {
      await instance.waitUntilExit();
    } finally {
      current?.poller.stop();
      current?.profiles.dispose();
      suspender.dispose();
      stopListening();
      offClosed();
      closed = true;
      session.close();
      inkOut.destroy();
    }
    return 0;
  } finally {
    closed = true;
    await extras.close();
    notices.flush(process.stderr);
  }
}

/**
 * `dftop replay FILE` on a terminal: the recording in the live screen, with no key and no network. The header
 * shows the REPLAY badge and the recorded clock; , . step, < > change the speed, p pauses.
 */
export async function runReplayScreen(source: ReplaySource, flags: Parsed, env: Env): Promise<number> {
  const stdout = process.stdout;
  const utf8 = detectUtf8(env).utf8;
  const charset = utf8 ? ((flags.charset as Charset | undefined) ?? defaultCharset(env.TERM)) : 'ascii';
  const projection = (flags.projection as ProjectionName | undefined) ?? 'natural-earth';
  const privacy = flags.privacy === true;
  const site = () => source.site?.domain ?? source.site?.name ?? workflowStrings.replay.site;
  const session = await openLiveSession(stdout, process.stdin, env, {color: (flags.color as ColorWhen | undefined) ?? 'auto'});
  const {profile} = session;
  if (profile.dumb) {
    try {
      return await streamPlain(source, {width: flags.width as number | undefined, height: flags.height as number | undefined, projection, privacy, apiKey: null, utf8: profile.utf8, env, site, alerts: null, stopOn: quitKeys(session)});
    } finally {
      session.close();
    }
  }
  const theme = themeFor(profile.theme);
  const asciiChrome = !profile.utf8 || profile.ambiguousWide;
  const [{default: React}, {render}, {Dashboard}] = await Promise.all([import('react'), import('ink'), import('../ui/app.js')]);
  let instance: ReturnType<typeof render> | null = null;
  const suspender = createSuspender(session.screen, session.input, () => session.sink.redraw());
  const stopListening = onTermination((_reason, error) => {
    source.stop();
    instance?.unmount();
    session.close();
    if (error) report(error, null, env, process.stderr);
  });
  const offClosed = onOutputClosed(() => session.close());
  const onSuspend = () => suspender.suspend();
  const inkOut = new InkSink(stdout);
  // The site is named on the recorded lines: known once the first poll is shown.
  let named = site();
  const element = () =>
    React.createElement(Dashboard, {
      poller: source, site: named, currency: source.site?.currency ?? null, clock: source.clock, replay: source, profiles: null,
      depth: profile.depth, charset: profile.utf8 ? charset : 'ascii', projection, privacy,
      interactive: session.input.source !== 'none', input: session.events, output: session.sink, sizeSource: stdout, resizeSettleMs: RESIZE_SETTLE_MS,
      theme, asciiChrome, mouse: profile.mouse, onSuspend,
    });
  const rename = () => {
    if (site() === named || !instance) return;
    named = site();
    instance?.rerender(element());
  };
  const offInfo = source.onInfo(rename);
  instance = render(element(), {stdout: inkOut as unknown as NodeJS.WriteStream, stdin: quietInput(), exitOnCtrlC: false, patchConsole: false});
  rename();
  try {
    await instance.waitUntilExit();
  } finally {
    offInfo();
    source.stop();
    suspender.dispose();
    stopListening();
    offClosed();
    session.close();
    inkOut.destroy();
  }
  return 0;
}

/**
 * Messages from --record and --alert-command (createExtras' stderr) while the screen is up: each shows on the
 * header for a while, and all of them (the last few) are written to stderr once the screen is gone.
 */
function noticeBoard() {
  const listeners = new Set<(message: string) => void>();
  const kept: string[] = [];
  let direct: {write(text: string): unknown} | null = null;
  return {
    write(text: string) {
      if (direct) return void direct.write(text);
      const message = text.replace(/^dftop: /, '').trimEnd();
      if (!kept.includes(text)) kept.push(text);
      if (kept.length > 10) kept.shift();
      for (const listener of listeners) listener(message);
    },
    subscribe(listener: (message: string) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** No screen: straight to stderr from now on. */
    direct(stream: {write(text: string): unknown}) {
      direct = stream;
    },
    flush(stream: {write(text: string): unknown}) {
      for (const text of kept.splice(0)) stream.write(text.endsWith('\n') ? text : text + '\n');
    },
  };
}


/** On a dumb terminal the keys are still read: q and Ctrl-C stop the plain snapshots (nothing is echoed). */
const quitKeys = (session: {events: {subscribe(listener: (event: {type: string; name?: string}) => void): () => void}}) => (stop: () => void) =>
  session.events.subscribe((event) => {
    if (event.type === 'key' && (event.name === 'q' || event.name === 'ctrl+c')) stop();
  });

type PlainOptions = {
  /** Also stop on a key (q, Ctrl-C) when the terminal's keys can be read. */
  stopOn?: (stop: () => void) => () => void;
  width?: number; height?: number; projection: ProjectionName; privacy: boolean; apiKey: string | null; utf8: boolean; env: Env;
  site: () => string;
  /** --alert: each alert's words under the snapshot (and the bell). */
  alerts: AlertSource | null;
};

const plainOptions = (settings: Settings, utf8: boolean, env: Env) => ({width: settings.width ?? undefined, height: settings.height ?? undefined, projection: settings.projection, privacy: settings.privacy, apiKey: settings.apiKey, utf8, env});

/** TERM=dumb: no cursor addressing, so the plain snapshot, once per poll, until interrupted. */
async function streamPlain(poller: SnapshotSource, o: PlainOptions): Promise<number> {
  const stdout = process.stdout;
  let feed: Feed | null = null;
  if (o.stopOn) process.stderr.write(`${strings.plainStop}\n`);
  return await pollUntilStopped(poller, o.apiKey, o.env, (snapshot) => {
    feed = applySnapshot(feed, snapshot);
    const {width, height} = snapshotSize(o, {isTTY: true, columns: stdout.columns, rows: stdout.rows}, o.env);
    const fired = o.alerts?.observe(feed) ?? [];
    const alertLines = fired.map((a) => `! ${alertText(a, {privacy: o.privacy, ascii: !o.utf8})}\n`).join('');
    stdout.write(renderSnapshot(feed, {site: o.site(), width, height, depth: 'none', charset: o.utf8 ? 'braille' : 'ascii', projection: o.projection, privacy: o.privacy, ascii: !o.utf8}) + '\n' + alertLines + '\n');
  }, o.stopOn);
}
