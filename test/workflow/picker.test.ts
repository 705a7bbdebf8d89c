import {describe, expect, it} from 'vitest';
import type {Site} from '../../src/api/sites.js';
import {filteredSites, initialPicker, pickerFailed, pickerLoaded, pickerReduce, pickerView, type PickerState} from '../../src/ui/views/picker.js';
import {replayBadge, replayStatusLine, speedText} from '../../src/ui/views/replay.js';
import {THEME} from '../../src/ui/theme.js';
import {displayWidth} from '../../src/text/width.js';

const site = (id: string, domain: string | null, name: string | null = null, role = 'owner'): Site => ({id, domain, name, role, trackingId: null, timezone: null, currency: null});
const SITES = [
  site('665f0b3c4d2e1a0012345678', 'example.com', 'Example'),
  site('665f0b3c4d2e1a0012345679', 'shop.example.org', null, 'viewer'),
  site('665f0b3c4d2e1a001234567a', 'blog.acme.io', 'Acme blog'),
  site('665f0b3c4d2e1a001234567b', 'acme.io', 'Acme'),
];
const painter = {theme: THEME, depth: 'none' as const, ascii: false};
const text = (lines: {text: string}[][]) => lines.map((l) => l.map((r) => r.text).join(''));

/** Types keys into the picker: a string of characters, or names in brackets ("[down]", "[enter]"). */
function keys(state: PickerState, script: string) {
  let result = {state, chosen: null as Site | null, cancelled: false};
  for (const m of script.matchAll(/\[([a-z+]+)\]|([\s\S])/g)) {
    result = m[1] ? pickerReduce(result.state, m[1]) : pickerReduce(result.state, m[2] === ' ' ? 'space' : m[2], m[2]);
    if (result.chosen || result.cancelled) break;
  }
  return result;
}

describe('the site picker (pure)', () => {
  it('type to filter (domain, name or id), arrows to move, Enter to choose', () => {
    const state = pickerLoaded(initialPicker(), SITES);
    expect(keys(state, '[down][enter]').chosen?.domain).toBe('shop.example.org');
    // "acme" matches two; the domain that starts with it comes first.
    expect(filteredSites(keys(state, 'acme').state).map((s) => s.domain)).toEqual(['acme.io', 'blog.acme.io']);
    expect(keys(state, 'acme[down][enter]').chosen?.domain).toBe('blog.acme.io');
    expect(keys(state, 'SHOP[enter]').chosen?.domain).toBe('shop.example.org');
    expect(keys(state, '79[enter]').chosen?.id).toBe('665f0b3c4d2e1a0012345679');
    // Letters always filter: j and k do not move.
    expect(keys(state, 'jk').state.filter).toBe('jk');
    expect(keys(state, 'exam[backspace][backspace][backspace][backspace][end][enter]').chosen?.domain).toBe('acme.io');
    expect(keys(state, '[down][down][down][down][down][up][enter]').chosen?.domain).toBe('blog.acme.io');
    expect(keys(state, 'zzz[enter]').chosen).toBeNull();
  });

  it('Esc clears the filter first, then cancels; Ctrl-U clears; a paste filters; control characters are dropped', () => {
    const state = pickerLoaded(initialPicker(), SITES);
    const typed = keys(state, 'acme').state;
    expect(pickerReduce(typed, 'escape')).toMatchObject({cancelled: false, state: {filter: ''}});
    expect(pickerReduce(pickerReduce(typed, 'escape').state, 'escape').cancelled).toBe(true);
    expect(pickerReduce(typed, 'ctrl+u').state.filter).toBe('');
    // A cleared filter puts the cursor back on the site being watched.
    const watched = SITES[3].id;
    expect(filteredSites(pickerReduce(typed, 'escape', '', 10, watched).state)[pickerReduce(typed, 'escape', '', 10, watched).state.cursor].id).toBe(watched);
    expect(pickerReduce(typed, 'ctrl+u', '', 10, null).state.cursor).toBe(0);
    expect(pickerReduce(state, null, 'shop\x1b[31m').state.filter).toBe('shop');
  });

  it('keeps the current site under the cursor when reopened, and the filter across openings', () => {
    const state = pickerLoaded(initialPicker(), SITES, '665f0b3c4d2e1a001234567a');
    expect(pickerReduce(state, 'enter').chosen?.domain).toBe('blog.acme.io');
  });

  it('draws a title with the count, the filter, the rows (the selected one marked), the hint; exactly the size asked', () => {
    const state = keys(pickerLoaded(initialPicker(), SITES), 'acme[down]').state;
    const lines = pickerView({painter, state, width: 80, height: 8, currentId: '665f0b3c4d2e1a001234567b', canCancel: true});
    expect(lines).toHaveLength(8);
    for (const l of text(lines)) expect(displayWidth(l)).toBe(80);
    const t = text(lines);
    expect(t[0]).toMatch(/^▶ Choose a website 2\/4 ─+$/);
    expect(t[1]).toMatch(/^ {2}filter: acme▏/);
    expect(t[2]).toMatch(/^\* acme\.io +Acme +owner +665f0b3c4d2e1a001234567b/);
    expect(t[3]).toMatch(/^› blog\.acme\.io +Acme blog +owner/);
    expect(t[7]).toMatch(/^ {2}type to filter · ↑↓ move · Enter open · Esc back/);
    const ascii = text(pickerView({painter: {...painter, ascii: true}, state, width: 60, height: 8}));
    for (const l of ascii) expect(l).toMatch(/^[\x20-\x7e]*$/);
  });

  it('sizes its columns to what they hold: whole domains at 40 columns, fields together at 300', () => {
    const demo = [site('a1', 'demo.example', 'dftop demo'), site('a2', 'shop.demo.example', 'Demo shop', 'admin'), site('a3', 'docs.demo.example', null, 'viewer')];
    const state = pickerLoaded(initialPicker(), demo);
    const narrow = text(pickerView({painter, state, width: 40, height: 8}));
    expect(narrow.join('\n')).toContain('shop.demo.example');
    expect(narrow.join('\n')).toContain('docs.demo.example');
    for (const l of narrow) expect(displayWidth(l)).toBe(40);
    const wide = text(pickerView({painter, state, width: 300, height: 8}));
    const row = wide.find((l) => l.includes('shop.demo.example'))!;
    // The name follows the domain and the role the name, within a few columns (not spread over 300).
    expect(row.indexOf('Demo shop') - row.indexOf('shop.demo.example')).toBeLessThan(25);
    expect(row.indexOf('admin') - row.indexOf('Demo shop')).toBeLessThan(25);
    for (const l of wide) expect(displayWidth(l)).toBe(300);
    // A cut domain in ASCII ends with the ASCII cut mark; typing a filter does not move the columns.
    const long = pickerLoaded(initialPicker(), [...demo, site('a4', 'a-very-long-subdomain.of.demo.example', 'Long')]);
    for (const l of text(pickerView({painter: {...painter, ascii: true}, state: long, width: 40, height: 8}))) expect(l).toMatch(/^[\x20-\x7e]*$/);
    const column = (st: PickerState) => text(pickerView({painter, state: st, width: 100, height: 8})).find((l) => l.includes('Demo shop'))!.indexOf('Demo shop');
    expect(column(keys(long, 'shop').state)).toBe(column(long));
  });

  it('says when the list is loading, failed, empty or matches nothing; a long list scrolls to the cursor', () => {
    const draw = (state: PickerState) => text(pickerView({painter, state, width: 90, height: 6})).join('\n');
    expect(draw(initialPicker())).toContain('loading the websites of this account…');
    expect(draw(pickerFailed(initialPicker(), 'authentication failed (HTTP 401)'))).toContain('could not list the websites: authentication failed (HTTP 401)');
    expect(draw(pickerLoaded(initialPicker(), []))).toContain('this token sees no websites');
    expect(draw(keys(pickerLoaded(initialPicker(), SITES), 'nope').state)).toContain('no website matches "nope"');
    const many = Array.from({length: 30}, (_, i) => site(`id${i}`, `site${i}.example`));
    const down = keys(pickerLoaded(initialPicker(), many), '[pagedown][pagedown][down]').state;
    expect(down.cursor).toBe(21);
    expect(draw(down)).toMatch(/› site21\.example/);
    expect(draw(down)).not.toMatch(/site0\.example/);
  });
});

describe('the replay badge and status line (pure)', () => {
  it('REPLAY with play state, speed, the recorded clock and the poll', () => {
    const info = {playing: true, speed: 4, index: 12, total: 340, recordedAt: Date.parse('2024-05-01T12:09:12Z'), atEnd: false};
    expect(replayBadge(painter, info).map((r) => r.text).join('')).toBe(' REPLAY  ▶ 4×');
    expect(replayBadge(painter, {...info, playing: false}).map((r) => r.text).join('')).toBe(' REPLAY  ❚❚ paused');
    expect(replayBadge({...painter, ascii: true}, {...info, playing: false, atEnd: true}).map((r) => r.text).join('')).toBe(' REPLAY  # end');
    const line = replayStatusLine(painter, info, 100).map((r) => r.text).join('');
    expect(line).toMatch(/^ REPLAY {2}▶ 4× · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:12 · 12\/340 · , back {2}\. forward/);
    expect(displayWidth(line)).toBe(100);
    expect(speedText(0.25, false)).toBe('1/4×');
  });
});
