import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {displayWidth} from '../../src/text/width.js';
import {paint, sgr, type Run} from '../../src/text/style.js';
import {formatDuration, formatMoney, sparkline, shortUrl, formatCount, formatDelta} from '../../src/ui/format.js';
import {actionFor, keyName} from '../../src/ui/keymap.js';
import {chooseKind, computeLayout} from '../../src/ui/layout.js';
import {initialUiState, reduce, type UiContext} from '../../src/ui/state.js';
import {layoutColumns, tableRow, type Column} from '../../src/ui/table.js';
import {detectDepth} from '../../src/ui/theme.js';

describe('layout', () => {
  it.each([
    [300, 90, 'wide'], [200, 60, 'wide'], [150, 40, 'wide'], [160, 39, 'standard'], [120, 40, 'standard'], [100, 30, 'standard'],
    [99, 40, 'side'], [60, 40, 'side'], [40, 14, 'side'], [39, 40, 'tiny'], [120, 13, 'short'], [200, 15, 'short'], [60, 12, 'tiny'], [20, 5, 'tiny'],
  ] as const)('%i×%i is %s', (cols, rows, kind) => {
    expect(chooseKind(cols, rows)).toBe(kind);
  });

  it('panes stay inside the frame, never overlap, and the frame is the whole terminal (the frame writer owns every row)', () => {
    for (const [cols, rows] of [[300, 90], [200, 60], [150, 40], [120, 40], [100, 30], [80, 50], [60, 40], [40, 14], [45, 20], [200, 15], [160, 12]]) {
      const layout = computeLayout(cols, rows);
      expect(layout.height).toBe(rows);
      const rects = Object.values(layout.panes);
      for (const r of rects) {
        expect(r.x + r.width).toBeLessThanOrEqual(cols);
        expect(r.y + r.height).toBeLessThanOrEqual(layout.hint.y);
        expect(r.y).toBeGreaterThanOrEqual(layout.header.height);
      }
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) {
          const [a, b] = [rects[i], rects[j]];
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${cols}×${rows}`).toBe(true);
        }
      }
    }
  });

  it('an expanded pane takes the whole body', () => {
    const layout = computeLayout(120, 40, {expanded: 'events'});
    expect(Object.keys(layout.panes)).toEqual(['events']);
    expect(layout.panes.events).toEqual(layout.body);
  });
});

describe('tables', () => {
  const columns: Column[] = [
    {key: 'a', title: 'A', width: 5},
    {key: 'b', title: 'B', width: 4, flex: 1},
    {key: 'c', title: 'C', width: 6, align: 'right', dropOrder: 1},
    {key: 'd', title: 'D', width: 6, dropOrder: 2},
  ];
  it('fills the width exactly, flexible columns taking the spare room', () => {
    const layout = layoutColumns(columns, 40);
    expect(layout.map((c) => c.width)).toEqual([5, 20, 6, 6]);
    expect(layout.reduce((n, c) => n + c.width, 0) + layout.length - 1).toBe(40);
  });
  it('drops the columns with the highest dropOrder first when narrow', () => {
    expect(layoutColumns(columns, 20).map((c) => c.column.key)).toEqual(['a', 'b', 'c']);
    expect(layoutColumns(columns, 12).map((c) => c.column.key)).toEqual(['a', 'b']);
  });
  it('cells are cut with an ellipsis by display width, numbers right-aligned, rows exactly the width', () => {
    const layout = layoutColumns(columns, 30);
    const row = tableRow(layout, {a: '東京都庁舎', b: 'x'.repeat(50), c: '42', d: 'ok'});
    const text = paint(row, 'none');
    expect(stringWidth(text)).toBe(30);
    expect(text).toContain('…');
    expect(text).toMatch(/ {4}42 /);
  });
  it('sanitises every cell', () => {
    const text = paint(tableRow(layoutColumns(columns, 40), {a: '\x1b[31mred', b: 'a\x07b', c: '', d: '\u202eevil'}), 'none');
    expect(text).not.toMatch(/[\x00-\x1f\u202e]/);
  });
});

describe('format', () => {
  it('money in its currency\'s own format, and a fallback for a bad code', () => {
    expect(formatMoney(49, 'USD')).toBe('$49.00');
    expect(formatMoney(19, 'eur')).toBe('€19.00');
    expect(formatMoney(4900, 'JPY')).toBe('¥4,900');
    expect(formatMoney(266, 'CAD')).toBe('CA$266.00');
    expect(formatMoney(5, 'ZZZ')).toMatch(/ZZZ/);
    expect(formatMoney(5, 'not a code')).toBe('5.00 not a code');
    expect(formatMoney(null, 'USD')).toBe('—');
  });
  it('money without a currency is the amount alone, never a guessed $', () => {
    expect(formatMoney(2900, null)).toBe('2,900');
    expect(formatMoney(19.5, null)).toBe('19.50');
    expect(formatMoney(2900, 'JPY')).toBe('¥2,900');
  });
  it('money in ASCII: a symbol outside ASCII becomes the code; $ stays; no non-breaking space', () => {
    expect(formatMoney(2900, 'JPY', true)).toBe('JPY 2,900');
    expect(formatMoney(19, 'EUR', true)).toBe('EUR 19.00');
    expect(formatMoney(49, 'USD', true)).toBe('$49.00');
    expect(formatMoney(19, 'CHF', true)).toBe('CHF 19.00');
    expect(formatMoney(19, 'CHF')).toBe('CHF 19.00');
    expect(formatMoney(null, 'USD', true)).toBe('-');
    expect([formatDelta(-2, true), formatDelta(0, true)]).toEqual(['-2', '+-0']);
  });
  it('durations in minutes; counts and deltas compact', () => {
    expect([formatDuration(5_000), formatDuration(61_000), formatDuration(3_700_000), formatDuration(90_000_000)]).toEqual(['<1m', '1m', '1h01', '1d01h']);
    expect([formatCount(999), formatCount(12_345), formatCount(2_500_000)]).toEqual(['999', '12.3k', '2.5M']);
    expect([formatDelta(3), formatDelta(-2), formatDelta(0), formatDelta(null)]).toEqual(['+3', '−2', '±0', '±0']);
  });
  it('sparklines scale from zero to their max: a small change is a small step', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([62, 61], 10)).toBe('██');
    expect(sparkline([62, 31, 0], 10)).toBe('█▅▁');
    expect(sparkline([5, 5, 5], 10)).toBe('███');
    expect(sparkline([0, 0], 10)).toBe('▁▁');
    expect(sparkline([0, 10], 10, true)).toBe('_#');
    expect(sparkline([1, 2, 3], 2)).toHaveLength(2);
  });
  it('a full URL shows as its path', () => {
    expect(shortUrl('https://example.com/pt/precos?ref=ig')).toBe('/pt/precos?ref=ig');
    expect(shortUrl('https://example.com')).toBe('/');
    expect(shortUrl('/pricing')).toBe('/pricing');
    expect(shortUrl(null)).toBe('—');
  });
});

describe('colour', () => {
  it('depth from flags and environment', () => {
    expect(detectDepth('auto', {COLORTERM: 'truecolor'}, true)).toBe('truecolor');
    expect(detectDepth('auto', {TERM: 'xterm-256color'}, true)).toBe('256');
    expect(detectDepth('auto', {TERM: 'xterm'}, true)).toBe('16');
    expect(detectDepth('auto', {TERM: 'xterm-256color'}, false)).toBe('none');
    expect(detectDepth('auto', {NO_COLOR: '1', COLORTERM: 'truecolor'}, true)).toBe('none');
    expect(detectDepth('always', {NO_COLOR: '1', TERM: 'xterm-256color'}, false)).toBe('256');
    expect(detectDepth('auto', {FORCE_COLOR: '2'}, false)).toBe('256');
    expect(detectDepth('auto', {FORCE_COLOR: '0', COLORTERM: 'truecolor'}, true)).toBe('none');
    expect(detectDepth('never', {FORCE_COLOR: '3'}, true)).toBe('none');
    expect(detectDepth('auto', {TERM: 'dumb'}, true)).toBe('none');
  });
  it('SGR for each depth; nothing at all without colour; one sequence per style change', () => {
    const style = {fg: [255, 0, 0] as const, bold: true};
    expect(sgr(style, 'truecolor')).toBe('\x1b[1;38;2;255;0;0m');
    expect(sgr(style, '256')).toBe('\x1b[1;38;5;196m');
    expect(sgr(style, '16')).toBe('\x1b[1;31m');
    expect(sgr({fg: [250, 80, 80]}, '16')).toBe('\x1b[91m');
    expect(sgr(style, 'none')).toBe('');
    const runs: Run[] = [{text: 'a', style}, {text: 'b', style: {fg: [255, 0, 0], bold: true}}, {text: 'c', style: null}];
    expect(paint(runs, 'truecolor')).toBe('\x1b[1;38;2;255;0;0mab\x1b[0mc');
    expect(paint(runs, 'none')).toBe('abc');
  });
});

describe('keys', () => {
  it('names Ink key events', () => {
    expect(keyName('c', {ctrl: true})).toBe('ctrl+c');
    expect(keyName('', {tab: true, shift: true})).toBe('shift+tab');
    expect(keyName('', {upArrow: true})).toBe('up');
    expect(keyName(' ', {})).toBe('space');
    expect(keyName('G', {shift: true})).toBe('G');
    expect(keyName('', {return: true})).toBe('enter');
  });
  it('the map takes the arrows and hjkl when focused; lists take them otherwise', () => {
    expect(actionFor('up', true)).toBe('panUp');
    expect(actionFor('up', false)).toBe('up');
    expect(actionFor('l', true)).toBe('panRight');
    expect(actionFor('q', true)).toBe('quit');
    expect(actionFor('space', false)).toBe('pause');
    expect(actionFor('x', false)).toBeNull();
  });
});

describe('the UI reducer', () => {
  const ctx: UiContext = {lengths: {visitors: 10, scores: 3, events: 0, payments: 2, now: 0}, pageSize: 4, selectedVisitor: 'v9', points: () => [[2, 48], [13, 52]], helpScrollLimit: 6};
  const act = (state: ReturnType<typeof initialUiState>, ...actions: Parameters<typeof reduce>[1][]) => actions.reduce((s, a) => reduce(s, a, ctx), state);
  it('moves within the list and never past its ends', () => {
    let s = initialUiState('braille', false);
    s = act(s, {type: 'action', action: 'pageDown'}, {type: 'action', action: 'pageDown'}, {type: 'action', action: 'pageDown'});
    expect(s.cursor.visitors).toBe(9);
    s = act(s, {type: 'action', action: 'top'}, {type: 'action', action: 'up'});
    expect(s.cursor.visitors).toBe(0);
    s = act(s, {type: 'action', action: 'focus4'}, {type: 'action', action: 'down'});
    expect(s.cursor.events).toBe(0);
  });
  it('Esc backs out one level at a time', () => {
    let s = initialUiState('braille', false);
    s = act(s, {type: 'action', action: 'expand'}, {type: 'action', action: 'open'}, {type: 'action', action: 'help'});
    expect([s.help, s.detail, s.expanded]).toEqual([true, 'v9', true]);
    s = act(s, {type: 'action', action: 'back'});
    expect([s.help, s.detail, s.expanded]).toEqual([false, 'v9', true]);
    s = act(s, {type: 'action', action: 'back'});
    expect([s.detail, s.expanded]).toEqual([null, true]);
    s = act(s, {type: 'action', action: 'back'});
    expect(s.expanded).toBe(false);
  });
  it('while the help is open the list keys scroll it, within bounds, and reopening starts at the top', () => {
    let s = act(initialUiState('braille', false), {type: 'action', action: 'help'}, {type: 'action', action: 'down'}, {type: 'action', action: 'down'});
    expect([s.helpScroll, s.cursor.visitors]).toEqual([2, 0]);
    s = act(s, {type: 'action', action: 'pageDown'}, {type: 'action', action: 'pageDown'});
    expect(s.helpScroll).toBe(6);
    s = act(s, {type: 'action', action: 'help'}, {type: 'action', action: 'help'});
    expect(s.helpScroll).toBe(0);
  });

  it('fit zooms on the visitors; charset and privacy cycle', () => {
    let s = act(initialUiState('braille', false), {type: 'action', action: 'fit'}, {type: 'action', action: 'charset'}, {type: 'action', action: 'privacy'});
    expect(s.view.zoom).toBeGreaterThan(1);
    expect(s.charset).toBe('block');
    expect(s.privacy).toBe(true);
    s = act(s, {type: 'action', action: 'resetView'}, {type: 'action', action: 'charset'}, {type: 'action', action: 'charset'});
    expect(s.view.zoom).toBe(1);
    expect(s.charset).toBe('braille');
  });
});

describe('hint bar', () => {
  it('shows whole hints only, as many as fit, and an ellipsis (never a cut word) when some do not', async () => {
    const {hintView} = await import('../../src/ui/views/overlays.js');
    const {THEME} = await import('../../src/ui/theme.js');
    const {hintEntries} = await import('../../src/ui/keymap.js');
    const all = hintEntries('visitors').map((h) => `${h.keys} ${h.hint}`);
    for (const width of [40, 60, 100, 160, 300]) {
      const text = paint(hintView({theme: THEME, depth: 'none', ascii: false}, width)[0], 'none').trimEnd();
      expect(stringWidth(text)).toBeLessThanOrEqual(width);
      expect(text).toMatch(/^q quit {2}\? help/);
      const shown = text.replace(/ *…$/, '').split(/ {2}/);
      // Every hint shown is whole.
      for (const hint of shown) expect(all).toContain(hint);
      expect(text.endsWith('…')).toBe(shown.length < all.length);
    }
    const ascii = paint(hintView({theme: THEME, depth: 'none', ascii: true}, 40)[0], 'none').trimEnd();
    expect(ascii).toMatch(/\.\.\.$/);
  });
});

describe('help view', () => {
  it('scrolls on a short screen and shows every entry somewhere', async () => {
    const {helpView, helpScrollLimit} = await import('../../src/ui/views/overlays.js');
    const {helpEntries} = await import('../../src/ui/keymap.js');
    const {THEME} = await import('../../src/ui/theme.js');
    const p = {theme: THEME, depth: 'none' as const, ascii: false};
    const limit = helpScrollLimit(80, 20);
    expect(limit).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (let offset = 0; offset <= limit; offset++) {
      const lines = helpView(p, 80, 20, offset).map((l) => paint(l, 'none'));
      expect(lines).toHaveLength(20);
      for (const l of lines) seen.add(l);
      expect(lines[19]).toMatch(offset < limit ? /more/ : /end/);
    }
    const all = [...seen].join('\n');
    for (const e of helpEntries()) expect(all).toContain(e.help);
    expect(helpScrollLimit(160, 60)).toBe(0);
  });

  it('wraps descriptions in a narrow pane instead of cutting them (40 and 30 columns, ASCII too)', async () => {
    const {helpView} = await import('../../src/ui/views/overlays.js');
    const {helpEntries} = await import('../../src/ui/keymap.js');
    const {THEME} = await import('../../src/ui/theme.js');
    for (const ascii of [false, true]) {
      for (const width of [30, 40, 52]) {
        const lines = helpView({theme: THEME, depth: 'none', ascii}, width, 200).map((l) => paint(l, 'none'));
        expect(lines.every((l) => displayWidth(l) === width)).toBe(true);
        // Every description's words, in order, once the rows are joined.
        const words = lines.join(' ').split(/\s+/).join(' ');
        for (const e of helpEntries(ascii)) expect(words).toContain(e.help.split(/\s+/).join(' '));
      }
    }
  });
});
