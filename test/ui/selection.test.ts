import {describe, expect, it} from 'vitest';
import {applySnapshot} from '../../src/model/feed.js';
import {normaliseData} from '../../src/model/normalise.js';
import {derive, followSelection} from '../../src/ui/derive.js';
import {initialUiState} from '../../src/ui/state.js';
import {keepInView} from '../../src/ui/views/lists.js';

const visitor = (id: string, minutesAgo: number) => ({
  visitorId: id,
  location: {countryCode: 'DE', city: 'Berlin'},
  currentUrl: '/',
  sessionStartTime: new Date(Date.parse('2026-11-27T10:00:00Z') - minutesAgo * 60_000).toISOString(),
});
const poll = (ids: [string, number][], previous: ReturnType<typeof applySnapshot> | null) =>
  applySnapshot(previous, normaliseData({count: ids.length, visitors: ids.map(([id, m]) => visitor(id, m))}, new Date('2026-11-27T10:00:00Z'), null));

describe('the selection across polls', () => {
  it('stays on the same visitor when new visitors arrive above it', () => {
    const first = poll([['a', 1], ['b', 2], ['c', 3]], null);
    const before = derive(first, 'newest');
    const ui = {...initialUiState('braille', false), cursor: {...initialUiState('braille', false).cursor, visitors: 1}};
    expect(before.visitors[1].id).toBe('b');
    const second = poll([['new1', 0], ['new2', 0.5], ['a', 1], ['b', 2], ['c', 3]], first);
    const after = derive(second, 'newest');
    const followed = followSelection(ui, before, after);
    expect(after.visitors[followed.cursor.visitors].id).toBe('b');
  });

  it('a cursor on the first row stays on the first row (the newest), unless a detail opened from the list shows', () => {
    const first = poll([['a', 1], ['b', 2], ['c', 3]], null);
    const before = derive(first, 'newest');
    const top = initialUiState('braille', false);
    expect(top.cursor.visitors).toBe(0);
    const after = derive(poll([['new1', 0], ['a', 1], ['b', 2], ['c', 3]], first), 'newest');
    expect(followSelection(top, before, after)).toBe(top);
    const open = {...top, detail: 'a', detailFrom: 'visitors' as const};
    expect(after.visitors[followSelection(open, before, after).cursor.visitors].id).toBe('a');
  });

  it('the Now pane\'s cursor stays on its row when the rows per section change (expanded, resized)', () => {
    const raw = Array.from({length: 30}, (_, i) => [`v${i}`, i] as [string, number]);
    const feed = applySnapshot(null, normaliseData({count: 30, visitors: raw.map(([id, m], i) => ({...visitor(id, m), currentUrl: `/p${String(i).padStart(2, '0')}`}))}, new Date('2026-11-27T10:00:00Z'), null));
    const small = derive(feed, 'newest', '', {nowPerSection: 8});
    const tall = derive(feed, 'newest', '', {nowPerSection: 25});
    // A row of the second section (past the first section's 8 rows in the small list).
    const index = small.nowRows.findIndex((r) => r.section !== 'pages');
    expect(index).toBe(8);
    const ui = {...initialUiState('braille', false), cursor: {...initialUiState('braille', false).cursor, now: index}};
    const moved = followSelection(ui, small, tall);
    expect(tall.nowRows[moved.cursor.now]).toMatchObject({section: small.nowRows[index].section, key: small.nowRows[index].key});
  });

  it('keeps the position when the selected visitor left, and changes nothing when nothing moved', () => {
    const first = poll([['a', 1], ['b', 2], ['c', 3]], null);
    const before = derive(first, 'newest');
    const ui = {...initialUiState('braille', false), cursor: {...initialUiState('braille', false).cursor, visitors: 1}};
    const gone = derive(poll([['a', 1], ['c', 3]], first), 'newest');
    expect(followSelection(ui, before, gone).cursor.visitors).toBe(1);
    const same = derive(poll([['a', 1], ['b', 2], ['c', 3]], first), 'newest');
    expect(followSelection(ui, before, same)).toBe(ui);
  });
});

describe('keepInView', () => {
  it('does not scroll while the cursor is visible, and scrolls just enough when it is not', () => {
    expect(keepInView(5, 7, 100, 10)).toBe(5);
    expect(keepInView(5, 14, 100, 10)).toBe(5);
    expect(keepInView(5, 15, 100, 10)).toBe(6);
    expect(keepInView(5, 3, 100, 10)).toBe(3);
    expect(keepInView(95, 99, 100, 10)).toBe(90);
    expect(keepInView(5, 2, 8, 10)).toBe(0);
  });
  it('when the pane grows, scrolls back up as far as the cursor stays in view (newer rows come back)', () => {
    // A 2-row pane scrolled by one (a visitor arrived above the cursor), grown to 40 rows.
    expect(keepInView(1, 1, 73, 40, 2)).toBe(0);
    // The cursor far down: only as far up as keeps it on the last row.
    expect(keepInView(50, 55, 100, 10, 5)).toBe(46);
    // Shown again after being hidden (0 rows before).
    expect(keepInView(3, 4, 73, 20, 0)).toBe(0);
    // Not grown: nothing moves.
    expect(keepInView(1, 1, 73, 40, 40)).toBe(1);
    expect(keepInView(5, 7, 100, 8, 10)).toBe(5);
  });
});

describe('stripPaneAt', () => {
  it('names the pane under a column of the strip, as stripView draws it; none between names or past them', async () => {
    const {stripPaneAt, stripView} = await import('../../src/ui/views/strip.js');
    const {painter} = await import('./views-helpers.js');
    for (const p of [painter(), {...painter(), ascii: true}]) {
      const hidden = ['scores', 'events', 'payments'] as const;
      const text = stripView(p, 40, hidden)[0].map((r) => r.text).join('');
      for (const [label, pane] of [['3 Scores', 'scores'], ['4 Events', 'events'], ['5 Payments', 'payments']] as const) {
        const at = text.indexOf(label);
        expect(stripPaneAt(p, 40, hidden, at)).toBe(pane);
        expect(stripPaneAt(p, 40, hidden, at + label.length - 1)).toBe(pane);
        if (at > 0) expect(stripPaneAt(p, 40, hidden, at - 2)).toBeNull();
      }
      expect(stripPaneAt(p, 40, hidden, text.trimEnd().length + 1)).toBeNull();
      // Cut in a narrow strip: in ASCII with the ASCII cut mark.
      if (p.ascii) expect(stripView(p, 12, hidden)[0].map((r) => r.text).join('')).toMatch(/^[\x20-\x7e]*$/);
    }
  });
});
