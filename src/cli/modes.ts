import type {ClientOptions} from '../api/client.js';
import {DataFastError, isFinal, titleFor} from '../api/errors.js';
import {clampDelay} from '../api/retry.js';
import {startDemoServer, parseFaultList, type DemoServer} from '../demo/server.js';
import {defaultCharset} from '../map/glyphs.js';
import {applySnapshot} from '../model/feed.js';
import {jsonLine} from '../model/json.js';
import {filteredJsonLine, parseFilter} from '../model/filter.js';
import {onOutputClosed} from './output.js';
import {profileStoreFor} from '../model/profile.js';
import type {Feed} from '../model/types.js';
import {InkSink, openLiveSession, quietInput} from '../terminal/live.js';
import {onTermination} from '../terminal/signals.js';
import {createSuspender} from '../terminal/suspend.js';
import {firstFrame} from '../ui/first-frame.js';
import {renderSnapshot} from '../ui/snapshot.js';
import {detectDepth, themeFor} from '../ui/theme.js';
import {detectUtf8} from '../terminal/profile.js';
import {strings} from '../ui/strings.js';
import {UsageError, type Parsed} from './args.js';
import type {Settings} from './config.js';
import {safeMessage} from '../model/redact.js';
import {report} from './report.js';
import {createPoller, fetchOnce} from './source.js';
import {resolveSite, type SiteInfo} from '../api/sites.js';
import {withSiteCurrency} from '../model/site.js';
import type {Snapshot} from '../model/types.js';
import {createExtras, withAlerts} from './extras.js';
import {siteHeader} from './sites.js';

type Env = Record<string, string | undefined>;

export async function runDemoServer(flags: Parsed): Promise<number> {
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

function siteLabel(settings: Settings): string {
  if (settings.demo) return strings.demoSite;
  if (settings.websiteId) return settings.websiteId;
  return new URL(settings.baseUrl).host;
}

export async function runMonitor(settings: Settings, env: Env, version: string): Promise<number> {
  // The in-process demo API starts while the first frame is drawn: the poller waits for it, the screen does not.
  const demoStarting: Promise<DemoServer> | null = settings.demo ? startDemoServer({visitors: settings.demoVisitors}) : null;
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
      const width = settings.width ?? (stdout.isTTY && stdout.columns ? stdout.columns : 100);
      const height = settings.height ?? (stdout.isTTY && stdout.rows ? stdout.rows : 30);
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
  return await new Promise<number>((resolve) => {
    const finish = (code: number) => {
      poller.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void extras.close().then(() => resolve(code));
    };
    const stop = () => finish(0);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    poller.onOutcome((outcome) => {
      if (outcome.kind === 'ok') {
        feed = applySnapshot(feed, outcome.value);
        const line = jsonOf(feed, settings);
        process.stdout.write(extras.alerts ? withAlerts(line, extras.alerts.observe(feed)) : line);
        return;
      }
      const code = report(outcome.error, client.apiKey, env, process.stderr);
      if (isFinal(outcome.error)) finish(code);
    });
    poller.start();
  });
}

async function runLive(clientReady: Promise<ClientOptions>, settings: Settings, env: Env, charset: ReturnType<typeof defaultCharset>): Promise<number> {
  const stdout = process.stdout;
  const poller = createPoller(clientReady, settings.intervalMs);
  const apiKey = settings.apiKey;
  const session = await openLiveSession(stdout, process.stdin, env, {color: settings.color, theme: settings.theme ?? undefined, ambiguous: settings.ambiguous ?? undefined, mouse: settings.mouse});
  const {profile} = session;
  if (profile.dumb) {
    session.close();
    return await streamPlain(poller, settings, env, profile.utf8);
  }
  // The first frame (the map, the empty panes) is drawn before the application framework is even loaded:
  // Ink and React take a noticeable part of start-up, and the Dashboard's own first frame equals this one.
  const theme = themeFor(profile.theme);
  const liveCharset = profile.utf8 ? charset : 'ascii';
  const asciiChrome = !profile.utf8 || profile.ambiguousWide;
  session.sink.render(
    firstFrame({site: siteLabel(settings), theme, depth: profile.depth, charset: liveCharset, projection: settings.projection, asciiChrome, privacy: settings.privacy, filter: settings.filter, columns: stdout.columns, rows: stdout.rows, intervalMs: settings.intervalMs}),
    stdout.columns,
    stdout.rows,
  );
  const [{default: React}, {render}, {Dashboard}] = await Promise.all([import('react'), import('ink'), import('../ui/app.js')]);
  let instance: ReturnType<typeof render> | null = null;
  const suspender = createSuspender(session.screen, session.input, () => session.sink.redraw());
  const stopListening = onTermination((_reason, error) => {
    poller.stop();
    instance?.unmount();
    session.close();
    if (error) report(error, apiKey, env, process.stderr);
  });
  // The terminal went away under us (an SSH session dropped without SIGHUP): give back what can be given back.
  const offClosed = onOutputClosed(() => session.close());
  // Visitor journeys, asked one at a time within the poller's rate budget.
  const profiles = profileStoreFor(clientReady, poller);
  const inkOut = new InkSink(stdout);
  instance = render(
    React.createElement(Dashboard, {
      poller, site: siteLabel(settings), depth: profile.depth, charset: liveCharset, projection: settings.projection, privacy: settings.privacy, bell: settings.bell,
      interactive: session.input.source !== 'none', input: session.events, output: session.sink, sizeSource: stdout, resizeSettleMs: RESIZE_SETTLE_MS,
      theme, asciiChrome,
      writeRaw: (text: string) => void stdout.write(text), onSuspend: () => suspender.suspend(),
      profiles, filter: settings.filter,
    }),
    {stdout: inkOut as unknown as NodeJS.WriteStream, stdin: quietInput(), exitOnCtrlC: false, patchConsole: false},
  );
  try {
    await instance.waitUntilExit();
  } finally {
    poller.stop();
    profiles.dispose();
    suspender.dispose();
    stopListening();
    offClosed();
    session.close();
    inkOut.destroy();
  }
  return 0;
}

/** A resize is drawn once the window has kept its size this long: one repaint per drag, not one per step. */
const RESIZE_SETTLE_MS = 80;

/** TERM=dumb: no cursor addressing, so the plain snapshot, once per poll, until interrupted. */
async function streamPlain(poller: ReturnType<typeof createPoller>, settings: Settings, env: Env, utf8: boolean): Promise<number> {
  const stdout = process.stdout;
  let feed: Feed | null = null;
  return await new Promise<number>((resolve) => {
    const finish = (code: number) => {
      poller.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code);
    };
    const stop = () => finish(0);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    poller.onOutcome((outcome) => {
      if (outcome.kind === 'ok') {
        feed = applySnapshot(feed, outcome.value);
        const width = settings.width ?? stdout.columns ?? 100;
        const height = settings.height ?? stdout.rows ?? 30;
        stdout.write(renderSnapshot(feed, {site: siteLabel(settings), width, height, depth: 'none', charset: utf8 ? 'braille' : 'ascii', projection: settings.projection, privacy: settings.privacy, ascii: !utf8}) + '\n\n');
        return;
      }
      const code = report(outcome.error, settings.apiKey, env, process.stderr);
      if (isFinal(outcome.error)) finish(code);
    });
    poller.start();
  });
}
