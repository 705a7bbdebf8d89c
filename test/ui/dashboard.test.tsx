import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Poller} from '../../src/api/poller.js';
import {createPoller, loadSnapshot} from '../../src/cli/source.js';
import {startDemoServer, type DemoServer} from '../../src/demo/server.js';
import type {Snapshot} from '../../src/model/types.js';
import {Dashboard} from '../../src/ui/app.js';
import {displayKey, helpEntries, KEYMAP} from '../../src/ui/keymap.js';
import {strings} from '../../src/ui/strings.js';
import {workflowStrings} from '../../src/ui/strings-workflow.js';
import {faultServer, hang, json, success} from '../helpers/fault-server.js';
import {keySource} from '../helpers/keys.js';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

// Far above a loopback answer's time on a loaded machine (the server, the client and Ink share this worker): a
// timed-out first poll would leave the dashboard retrying, not LIVE, and a hanging one would stop saying STARTING.
const client = (url: string) => ({baseUrl: url, apiKey: 'df_demo', websiteId: null, timeoutMs: 10_000, userAgent: 'dftop/test'});

async function dashboard(options: {poller?: Poller<Snapshot>; columns?: number; rows?: number; privacy?: boolean} = {}) {
  let demo: DemoServer | null = null;
  let poller = options.poller;
  if (!poller) {
    demo = await startDemoServer({seed: 11, visitors: 300});
    poller = createPoller(client(demo.url), 60_000);
  }
  const size = {columns: options.columns ?? 100, rows: options.rows ?? 40};
  const keys = keySource();
  const app = Object.assign(
    render(
      <Dashboard poller={poller} site="demo" depth="none" charset="braille" projection="natural-earth" privacy={options.privacy ?? false} interactive input={keys.source} fallbackSize={size} />,
    ),
    {keys},
  );
  if (size.columns !== 100) resize(app, size.columns, size.rows);
  cleanup.push(() => app.unmount(), () => poller!.stop(), () => demo?.close());
  return {app, poller, demo};
}

/** ink-testing-library renders asynchronously: poll the last frame rather than trusting one tick. */
async function frameMatching(app: ReturnType<typeof render>, test: RegExp | ((frame: string) => boolean), ms = 10_000): Promise<string> {
  const check = typeof test === 'function' ? test : (f: string) => test.test(f);
  const start = Date.now();
  for (;;) {
    const frame = app.lastFrame() ?? '';
    if (check(frame)) return frame;
    if (Date.now() - start > ms) throw new Error(`no frame matched ${test}; last frame:\n${frame}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** ink-testing-library's stdout is 100 columns with no rows: give it a size and tell Ink it changed. */
function resize(app: ReturnType<typeof render>, columns: number, rows: number) {
  Object.defineProperty(app.stdout, 'columns', {value: columns, configurable: true});
  Object.defineProperty(app.stdout, 'rows', {value: rows, configurable: true});
  app.stdout.emit('resize');
}

type App = ReturnType<typeof render> & {keys: ReturnType<typeof keySource>};

const press = async (app: App, keys: string) => {
  app.keys.type(keys);
  await new Promise((r) => setTimeout(r, 30));
};

describe('Dashboard', () => {
  it('shows the header, the map, the four panes and the hint bar once data arrives', async () => {
    const {app} = await dashboard();
    const frame = await frameMatching(app, /LIVE/);
    expect(frame).toMatch(/dftop demo {2}● LIVE {2}\d+ active/);
    for (const title of ['1 Map', '2 Visitors', '3 Conversion scores', '4 Events', '5 Payments']) expect(frame).toContain(title);
    expect(frame).toMatch(/[⠁-⣿]/);
    // The frame is the whole terminal: the hint bar is its last row.
    const rows = frame.split('\n');
    expect(rows).toHaveLength(40);
    expect(rows[39]).toMatch(/^q quit .*\? help/);
  });

  it('says it is waiting for the first answer until one comes', async () => {
    const server = await faultServer([hang]);
    cleanup.push(() => server.close());
    const poller = new Poller<Snapshot>({load: (s) => loadSnapshot(client(server.url), s), intervalMs: 60_000});
    const {app} = await dashboard({poller});
    const frame = await frameMatching(app, /waiting for the first answer/);
    expect(frame).toMatch(/STARTING/);
    // Every list says so under its title, and the map is drawn already (land, no markers yet).
    for (const title of ['2 Visitors', '4 Events', '5 Payments']) expect(frame).toContain(title);
    expect(frame.split('waiting for the first answer').length - 1).toBeGreaterThanOrEqual(3);
    expect(frame).toMatch(/[⠁-⣿]/);
  });

  it('? opens help generated from the keymap, listing every binding of the live screen; Esc closes it', async () => {
    const {app} = await dashboard();
    await frameMatching(app, /LIVE/);
    await press(app, '?');
    const help = await frameMatching(app, /Keys/);
    for (const entry of helpEntries(false, {})) {
      expect(help).toContain(entry.help);
      expect(help).toContain(entry.keys);
    }
    for (const binding of KEYMAP.filter((b) => b.scope !== 'replay')) for (const key of binding.keys) expect(help).toContain(displayKey(key));
    // A replay's keys are not listed on the live screen.
    for (const binding of KEYMAP.filter((b) => b.scope === 'replay')) expect(help).not.toContain(binding.help);
    expect(help).not.toContain('Replay (dftop replay FILE)');
    await press(app, '\x1b');
    await frameMatching(app, (f) => !f.includes('show or hide this help') && f.includes('2 Visitors'));
  });

  it('Tab and number keys move the focus marker', async () => {
    const {app} = await dashboard();
    await frameMatching(app, /▶ 2 Visitors/);
    await press(app, '\t');
    await frameMatching(app, /▶ 3 Conversion scores/);
    await press(app, '5');
    await frameMatching(app, /▶ 5 Payments/);
    await press(app, '\x1b[Z');
    await frameMatching(app, /▶ 4 Events/);
  });

  it('pane 6, Now, joins the focus cycle: Tab after Payments, 6 directly, and Tab wraps to the map', async () => {
    const {app} = await dashboard();
    await frameMatching(app, /LIVE/);
    await press(app, '5');
    await frameMatching(app, /▶ 5 Payments/);
    await press(app, '\t');
    await frameMatching(app, /▶ 6 Now/);
    await press(app, '\t');
    await frameMatching(app, /▶ 1 Map/);
    await press(app, '6');
    const frame = await frameMatching(app, /▶ 6 Now/);
    // Exactly one pane has the focus mark.
    expect(frame.split('▶').length - 1).toBe(1);
    // With no strip in this layout, the Now pane's title names the pane it stands in for (and its key).
    const hiddenPane = ['2 Visitors', '3 Conversion scores', '4 Events', '5 Payments'].find((t) => !frame.includes(`─ ${t}`))!;
    expect(hiddenPane).toBeDefined();
    expect(frame).toContain(`▶ 6 Now ${hiddenPane.split(' ').slice(0, 2).join(' ').replace('Conversion', 'Scores')} hidden`);
  });

  it('s cycles the sort, / filters, Enter opens a visitor\'s detail and Esc returns', async () => {
    const {app} = await dashboard();
    await frameMatching(app, /sort newest/);
    await press(app, 's');
    await frameMatching(app, /sort score/);
    await press(app, 's');
    await frameMatching(app, /sort country/);
    await press(app, '/');
    await frameMatching(app, /filter: /);
    await press(app, 'zzzz-no-match');
    await press(app, '\r');
    // Nothing matches: the visitors list counts 0 of all.
    await frameMatching(app, /2 Visitors 0 \D*\d+/);
    await press(app, '\x1b');
    await frameMatching(app, /Visitors \d+ · sort/);
    await press(app, 'j');
    await press(app, '\r');
    const detail = await frameMatching(app, /Visitor id/);
    const f = strings.detail.fields;
    for (const field of [f.place, f.device, f.referrer, f.sessionStart, f.visitCount, f.id, f.score, f.matches, f.expected]) expect(detail).toContain(field);
    await press(app, '\x1b');
    await frameMatching(app, (f) => !f.includes('Visitor id') && f.includes('2 Visitors'));
  });

  it('P hides names and emails', async () => {
    const {app} = await dashboard({columns: 160, rows: 50});
    await frameMatching(app, /LIVE/);
    // Payments expanded to the whole body: the email column shows.
    await press(app, '5');
    await press(app, 'e');
    const before = await frameMatching(app, /@exampl/);
    expect(before).not.toContain('(hidden)');
    await press(app, 'P');
    const after = await frameMatching(app, /\(hidden\)/);
    expect(after).not.toMatch(/@exampl/);
  });

  it('p pauses and resumes polling; r refreshes', async () => {
    const {app, demo} = await dashboard();
    await frameMatching(app, /LIVE/);
    await press(app, 'p');
    await frameMatching(app, /PAUSED/);
    const requests = demo!.requests;
    // r while paused refreshes once and stays paused.
    await press(app, 'r');
    await frameMatching(app, () => demo!.requests === requests + 1);
    await frameMatching(app, (f) => /PAUSED/.test(f) && !/refreshing/i.test(f));
    expect(demo!.requests).toBe(requests + 1);
    await press(app, 'p');
    await frameMatching(app, /LIVE/);
  });

  it('on the map: + zooms, 0 resets, c cycles the charset', async () => {
    const {app} = await dashboard();
    await frameMatching(app, /LIVE/);
    await press(app, '1');
    await frameMatching(app, /▶ 1 Map/);
    await press(app, '+');
    await frameMatching(app, /▶ 1 Map.*×2/);
    await press(app, '0');
    await frameMatching(app, (f) => !f.includes('×2'));
    await press(app, 'c');
    await frameMatching(app, (f) => f.includes('▀') || f.includes('█'));
    await press(app, 'c');
    // The map in ASCII; the rest of the screen keeps its lines on this UTF-8 terminal.
    await frameMatching(app, (f) => !/[⠁-⣿]/.test(f) && f.includes(':') && f.includes('─ 2 Visitors'));
  });

  it('e on the Now pane keeps its cursor on the same row (more rows per section when expanded)', async () => {
    const {app} = await dashboard({columns: 160, rows: 50});
    await frameMatching(app, /LIVE/);
    await press(app, '6');
    await frameMatching(app, /▶ 6 Now/);
    for (let i = 0; i < 9; i++) await press(app, 'j');
    const cursorLabel = (f: string) => /› (\S+)/.exec(f.split('\n').find((l) => l.includes('› ')) ?? '')?.[1];
    const before = cursorLabel(await frameMatching(app, (f) => cursorLabel(f) !== undefined));
    await press(app, 'e');
    const after = await frameMatching(app, (f) => f.includes('▶ 6 Now') && !f.includes('2 Visitors'));
    expect(cursorLabel(after)).toBe(before);
  });

  it('e expands the focused pane to the whole body', async () => {
    const {app} = await dashboard();
    await frameMatching(app, /LIVE/);
    await press(app, '4');
    await press(app, 'e');
    const frame = await frameMatching(app, (f) => f.includes('4 Events') && !f.includes('2 Visitors'));
    expect(frame).not.toContain('1 Map');
  });

  it('a 401 shows a panel and stops polling until r', async () => {
    const server = await faultServer([json(401, {status: 'error', error: {code: 401, message: 'Invalid API key'}}), success({count: 3, visitors: []})]);
    cleanup.push(() => server.close());
    const poller = new Poller<Snapshot>({load: (s) => loadSnapshot(client(server.url), s), intervalMs: 60_000});
    const {app} = await dashboard({poller});
    const panel = await frameMatching(app, /Polling stopped/);
    expect(panel).toMatch(/authentication failed 401: Invalid API key/);
    expect(panel).toMatch(/DATAFAST_API_KEY/);
    expect(panel).toMatch(/STOPPED/);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.seen).toHaveLength(1);
    await press(app, 'r');
    await frameMatching(app, /LIVE\s+3 active/);
  });

  it('a transient failure keeps the data on screen, marked stale, retrying in N s', async () => {
    const server = await faultServer([success({count: 9, visitors: []}), json(503, {status: 'error', error: {code: 503, message: 'down'}})]);
    cleanup.push(() => server.close());
    const poller = new Poller<Snapshot>({load: (s) => loadSnapshot(client(server.url), s), intervalMs: 200, backoff: {baseMs: 5000, capMs: 10_000}});
    const {app} = await dashboard({poller});
    const frame = await frameMatching(app, /STALE/);
    expect(frame).toMatch(/9 active/);
    expect(frame).toMatch(/retrying in \d+s \(server error 503: down\)/);
    expect(frame).toMatch(/stale since \d\d:\d\d:\d\d/);
  });

  it('a tiny terminal shows the header and says what size the map needs', async () => {
    const {app} = await dashboard({columns: 36, rows: 12});
    const frame = await frameMatching(app, /LIVE/);
    expect(frame.replace(/\s+/g, ' ')).toMatch(/needs 40×14 or more \(now 36×12\)/);
    expect(frame).not.toMatch(/[⠁-⣿]/);
    // The help and a visitor's detail need no map: they show here too, and Esc goes back to the size note.
    await press(app, '?');
    await frameMatching(app, /Keys Esc or \? to close/);
    await press(app, '\x1b');
    await frameMatching(app, /needs 40×14/);
    await press(app, '\r');
    await frameMatching(app, /Visitor id|Place/);
    await press(app, '\x1b');
    await frameMatching(app, /needs 40×14/);
  });

  it('w with a key for one website says why there is nothing to choose', async () => {
    const {app} = await dashboard({columns: 160, rows: 40});
    await frameMatching(app, /LIVE/);
    await press(app, 'w');
    const frame = await frameMatching(app, /dft_ account token/);
    expect(frame).toContain(workflowStrings.picker.needsToken);
    expect(frame).not.toContain(workflowStrings.picker.title);
  });

  it('switching sites and back: the Now pane counts the site shown, not the one seen before', async () => {
    const servers = await Promise.all([startDemoServer({seed: 3, visitors: 30, steady: true}), startDemoServer({seed: 5, visitors: 90, steady: true})]);
    const [a, b] = servers.map((server) => new Poller<Snapshot>({load: (s) => loadSnapshot(client(server.url), s), intervalMs: 600_000}));
    cleanup.push(() => a.stop(), () => b.stop(), ...servers.map((server) => () => server.close()));
    const polls = new Map<Poller<Snapshot>, number>([[a, 0], [b, 0]]);
    for (const p of [a, b]) p.onOutcome(() => polls.set(p, polls.get(p)! + 1));
    const pollTo = async (p: Poller<Snapshot>, n: number) => {
      while (polls.get(p)! < n) {
        const before = polls.get(p)!;
        if (before > 0) p.refresh();
        for (let i = 0; i < 500 && polls.get(p) === before; i++) await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 50));
    };
    const keys = keySource();
    const view = (p: Poller<Snapshot>, key: string) => (
      <Dashboard poller={p} siteKey={key} site={key} depth="none" charset="braille" projection="natural-earth" privacy={false} interactive input={keys.source} fallbackSize={{columns: 200, rows: 60}} />
    );
    const app = render(view(a, 'a'));
    cleanup.push(() => app.unmount());
    resize(app, 200, 60);
    await pollTo(a, 3);
    app.rerender(view(b, 'b'));
    await pollTo(b, 3);
    app.rerender(view(a, 'a'));
    const shown = a.current.last!.visitors.length;
    const other = b.current.last!.visitors.length;
    expect(shown).not.toBe(other);
    // Once the header shows A's count (the first frame after the switch may still hold B's lists).
    const frame = await frameMatching(app, (f) => f.startsWith('dftop a ') && f.split('\n')[0].includes(`${a.current.last!.count} active`) && f.includes('6 Now'));
    const nowTitle = frame.split('\n').find((l) => l.includes('6 Now'))!;
    expect(nowTitle).toContain(strings.now.visitors(shown));
    expect(nowTitle).not.toContain(strings.now.visitors(other));
  });
});
