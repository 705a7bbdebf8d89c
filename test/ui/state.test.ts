import {describe, expect, it} from 'vitest';
import {actionFor, enterHint, filterEditFor, helpEntries, hintEntries, KEYMAP} from '../../src/ui/keymap.js';
import {initialUiState, PANES, reduce, type Intent, type OpenTarget, type UiContext, type UiState} from '../../src/ui/state.js';

const targets: Record<string, (OpenTarget | null)[]> = {
  visitors: [{kind: 'visitor', id: 'v0'}, {kind: 'visitor', id: 'v1'}, {kind: 'visitor', id: 'v2'}],
  scores: [{kind: 'visitor', id: 'v2'}],
  events: [{kind: 'visitor', id: 'v1'}, null, {kind: 'visitor', id: 'v0'}],
  payments: [{kind: 'visitor', id: 'v1'}, {kind: 'payment', id: 'pay1'}],
  now: [{kind: 'filter', term: 'page:/pricing'}, {kind: 'filter', term: 'cc:DE'}],
};
const ctx: UiContext = {
  lengths: {visitors: 3, scores: 1, events: 3, payments: 2, now: 2},
  pageSize: 5,
  selectedVisitor: null,
  targetAt: (pane, i) => targets[pane][i] ?? null,
  points: () => [[13.4, 52.5], [2.35, 48.85]],
  selectedPoint: () => [13.4, 52.5],
  helpScrollLimit: 0,
  detailScrollLimit: 12,
};
const act = (action: Intent | string) => (typeof action === 'string' ? {type: 'action', action} : action) as Intent;
const run = (state: UiState, ...intents: (Intent | string)[]) => intents.reduce((s, i) => reduce(s, act(i), ctx), state);
const fresh = () => initialUiState('braille', false);

describe('panes', () => {
  it('Now is pane 6: key 6 focuses it, Tab reaches it', () => {
    expect(PANES[5]).toBe('now');
    expect(actionFor('6', false)).toBe('focus6');
    expect(run(fresh(), 'focus6').focus).toBe('now');
    expect(run(fresh(), 'focusNext', 'focusNext', 'focusNext', 'focusNext').focus).toBe('now');
  });
});

describe('opening rows', () => {
  it('Enter on a visitor or an event opens that visitor; on an event without one, nothing', () => {
    let s = run(fresh(), 'down', 'open');
    expect([s.detail, s.detailKind, s.detailFrom]).toEqual(['v1', 'visitor', 'visitors']);
    s = run(fresh(), 'focus4', 'open');
    expect(s.detail).toBe('v1');
    s = run(fresh(), 'focus4', 'down', 'open');
    expect(s.detail).toBeNull();
  });
  it('Enter on a payment opens the matching visitor, else the payment itself', () => {
    expect(run(fresh(), 'focus5', 'open').detail).toBe('v1');
    const s = run(fresh(), 'focus5', 'down', 'open');
    expect([s.detail, s.detailKind]).toEqual(['pay1', 'payment']);
  });
  it('Enter on a Now row adds its term to the filter (once) and sends the lists back to the top', () => {
    let s = run(fresh(), 'down', 'focus6', 'open');
    expect(s.filter).toBe('page:/pricing');
    expect(s.cursor.visitors).toBe(0);
    s = run(s, 'open', 'down', 'open');
    expect(s.filter).toBe('page:/pricing cc:DE');
    expect(s.detail).toBeNull();
  });
  it('without targetAt (the old context) Enter opens the selected visitor of visitors or scores', () => {
    const old: UiContext = {...ctx, targetAt: undefined, selectedVisitor: 'v9'};
    expect(reduce(fresh(), act('open'), old).detail).toBe('v9');
  });
});

describe('the detail', () => {
  it('j/k/PgUp/PgDn/g/G scroll the detail within its limit and leave the list behind it alone', () => {
    let s = run(fresh(), 'open', 'down', 'down', 'down');
    expect([s.detailScroll, s.cursor.visitors]).toEqual([3, 0]);
    s = run(s, 'pageDown', 'pageDown', 'pageDown');
    expect(s.detailScroll).toBe(12);
    s = run(s, 'up', 'top');
    expect(s.detailScroll).toBe(0);
    s = run(s, 'bottom', 'pageUp');
    expect(s.detailScroll).toBe(7);
  });
  it('n/N step to the next/previous row of the list it came from without closing; rows with nothing to open are skipped', () => {
    let s = run(fresh(), 'open', 'down', 'next');
    expect([s.detail, s.cursor.visitors, s.detailScroll]).toEqual(['v1', 1, 0]);
    s = run(s, 'next');
    expect([s.detail, s.cursor.visitors]).toEqual(['v2', 2]);
    // Past the last row n goes round to the first, and N back round to the last.
    s = run(s, 'next');
    expect([s.detail, s.cursor.visitors]).toEqual(['v0', 0]);
    s = run(s, 'prev');
    expect([s.detail, s.cursor.visitors]).toEqual(['v2', 2]);
    s = run(s, 'prev', 'prev');
    expect([s.detail, s.cursor.visitors]).toEqual(['v0', 0]);
    s = run(fresh(), 'focus4', 'open', 'next');
    expect([s.detail, s.cursor.events]).toEqual(['v0', 2]);
    s = run(fresh(), 'focus5', 'open', 'next');
    expect([s.detail, s.detailKind]).toEqual(['pay1', 'payment']);
  });
  it('n outside the detail does nothing; Esc closes the detail and resets its scroll; a pane switch closes it', () => {
    expect(run(fresh(), 'next')).toEqual(fresh());
    let s = run(fresh(), 'open', 'down', 'back');
    expect([s.detail, s.detailScroll, s.detailFrom]).toEqual([null, 0, null]);
    s = run(fresh(), 'open', 'focus3');
    expect(s.detail).toBeNull();
  });
  it('key names: n, N in lists; the detail\'s keys are list keys (the lead passes mapFocused=false while it is open)', () => {
    expect(actionFor('n', false)).toBe('next');
    expect(actionFor('N', false)).toBe('prev');
    expect(actionFor('j', false)).toBe('down');
  });
});

const paste = (text: string): Intent => ({type: 'paste', text});
const type = (text: string): Intent => ({type: 'filterInput', text});
const key = (name: string): Intent => ({type: 'filterEdit', edit: filterEditFor(name)!});

describe('editing the filter', () => {
  it('types at the caret; left/right/home/end move it; Backspace and Delete remove around it', () => {
    let s = run(fresh(), 'filter', type('cc:DE'), key('left'), key('left'), type('X'));
    expect([s.filter, s.filterCursor]).toEqual(['cc:XDE', 4]);
    s = run(s, key('backspace'), key('home'), key('delete'), key('end'), type(' y'));
    expect([s.filter, s.filterCursor]).toEqual(['c:DE y', 6]);
    s = run(s, key('right'), key('home'), key('left'), key('backspace'));
    expect([s.filter, s.filterCursor]).toEqual(['c:DE y', 0]);
  });
  it('Ctrl-W deletes the word before the caret, Ctrl-U clears, Enter keeps, Esc clears', () => {
    let s = run(fresh(), 'filter', type('cc:DE page:/pricing  '), key('ctrl+w'));
    expect(s.filter).toBe('cc:DE ');
    s = run(s, key('ctrl+w'), key('ctrl+w'));
    expect(s.filter).toBe('');
    s = run(s, type('mobile'), key('enter'));
    expect([s.filter, s.editingFilter]).toEqual(['mobile', false]);
    s = run(s, 'filter', key('ctrl+u'));
    expect([s.filter, s.editingFilter]).toEqual(['', true]);
    s = run(s, type('x'), key('escape'));
    expect([s.filter, s.editingFilter]).toEqual(['', false]);
  });
  it('a paste lands in the filter (opening it), line breaks become spaces, controls go; long pastes are cut', () => {
    let s = run(fresh(), paste('cc:DE\npage:/pricing\x1b'));
    expect([s.filter, s.editingFilter, s.filterCursor]).toEqual(['cc:DE page:/pricing', true, 19]);
    s = run(s, key('home'), paste('-'));
    expect(s.filter).toBe('-cc:DE page:/pricing');
    s = run(fresh(), paste('x'.repeat(500)));
    expect(s.filter).toHaveLength(200);
  });
  it('typing sends the lists back to the top; setFilter replaces (the --filter flag)', () => {
    let s = run(fresh(), 'down', 'down', 'filter', type('c'));
    expect(s.cursor.visitors).toBe(0);
    s = run(fresh(), {type: 'setFilter', text: 'cc:DE'});
    expect([s.filter, s.editingFilter]).toEqual(['cc:DE', false]);
    expect(initialUiState('braille', false, ' goal:signup\n').filter).toBe(' goal:signup ');
  });
  it('editing keys by name', () => {
    expect(['left', 'right', 'home', 'end', 'backspace', 'delete', 'ctrl+u', 'ctrl+w', 'enter', 'escape', 'ctrl+a', 'ctrl+e'].map(filterEditFor)).toEqual([
      'left', 'right', 'home', 'end', 'backspace', 'delete', 'clear', 'deleteWord', 'keep', 'cancel', 'home', 'end',
    ]);
    expect(filterEditFor('q')).toBeNull();
  });
});

describe('smaller keys', () => {
  it('o toggles goals only; f fits the (given) points; z centres on the selected visitor, again zooms closer', () => {
    expect(actionFor('o', false)).toBe('goalsOnly');
    let s = run(fresh(), 'focus4', 'down', 'goalsOnly');
    expect([s.goalsOnly, s.cursor.events]).toEqual([true, 0]);
    expect(run(s, 'goalsOnly').goalsOnly).toBe(false);
    expect(actionFor('f', false)).toBe('fit');
    expect(actionFor('z', false)).toBe('zoomTo');
    s = run(fresh(), 'zoomTo');
    expect(s.view).toEqual({zoom: 8, center: [13.4, 52.5]});
    expect(run(s, 'zoomTo').view.zoom).toBe(16);
    expect(run(fresh(), 'fit').view.zoom).toBeGreaterThan(1);
  });
});

describe('hints per place', () => {
  const text = (place: Parameters<typeof hintEntries>[0], ascii = false) => hintEntries(place, ascii).map((h) => `${h.keys} ${h.hint}`);
  it('the hint bar says what Enter does in the focused pane', () => {
    expect(text('visitors')).toContain('Enter visitor');
    expect(text('events')).toContain('Enter visitor');
    expect(text('payments')).toContain('Enter open');
    expect(text('now')).toContain('Enter filter');
    expect(text('map').some((h) => h.startsWith('Enter'))).toBe(false);
    expect([enterHint('scores'), enterHint('map')]).toEqual(['visitor', null]);
  });
  it('each pane shows its own keys; the detail, the help and the filter show theirs', () => {
    expect(text('events')).toContain('o goals only');
    expect(text('visitors')).not.toContain('o goals only');
    expect(text('visitors')).toContain('s sort');
    expect(text('visitors')).toContain('z locate');
    expect(text('map')).toEqual(expect.arrayContaining(['f fit', '+/- zoom', 'hjkl pan']));
    expect(text('map')).not.toContain('j/k move');
    expect(text('detail')).toEqual(['q quit', 'Esc back', 'n/N next', 'j/k scroll', 'P privacy']);
    expect(text('help')).toEqual(['q quit', '? close', 'j/k scroll']);
    expect(text('filter')).toEqual(['Enter keep', 'Esc clear', 'Ctrl-U erase', 'Ctrl-W word', '←→ move']);
    expect(text('filter', true)).toContain('LeftRight move');
    expect(text(undefined)[0]).toBe('q quit');
  });
  it('help in ASCII spells the arrows out; every binding has help', () => {
    const ascii = helpEntries(true);
    expect(ascii.map((e) => e.keys + e.help).join('')).toMatch(/^[\x20-\x7e]*$/);
    expect(ascii.find((e) => e.help.startsWith('move'))!.keys).toBe('Up k Down j');
    for (const b of KEYMAP) expect(b.help.length).toBeGreaterThan(3);
  });
});
