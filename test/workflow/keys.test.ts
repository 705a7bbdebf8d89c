import {describe, expect, it} from 'vitest';
import {actionFor, helpEntries, hintEntries} from '../../src/ui/keymap.js';

const hints = (modes: Parameters<typeof hintEntries>[2]) => hintEntries('visitors', false, modes).map((h) => `${h.keys} ${h.hint}`);

describe('the keys of a replay and of an account token (one keymap, by mode)', () => {
  it('the replay keys act only in a replay, before the list and map keys; r does nothing there', () => {
    for (const key of [',', '.', '<', '>']) expect(actionFor(key, false)).toBeNull();
    expect([',', '.', '<', '>'].map((k) => actionFor(k, true, {replay: true}))).toEqual(['stepBack', 'stepForward', 'slower', 'faster']);
    expect(actionFor('p', false, {replay: true})).toBe('pause');
    expect(actionFor('space', true, {replay: true})).toBe('pause');
    expect(actionFor('r', false)).toBe('refresh');
    expect(actionFor('r', false, {replay: true})).toBeNull();
  });

  it('w chooses another website only with an account token', () => {
    expect(actionFor('w', false)).toBeNull();
    expect(actionFor('w', true, {sites: true})).toBe('sites');
  });

  it('the hint bar shows a mode’s keys first (p once), the help lists them all under their own heading', () => {
    expect(hints({replay: true}).slice(0, 5)).toEqual(['q quit', '? help', 'p pause', ', . step', '< > speed']);
    expect(hints({replay: true}).filter((h) => h === 'p pause')).toHaveLength(1);
    expect(hints({replay: true})).not.toContain('r refresh');
    expect(hints({})).not.toContain(', . step');
    expect(hints({})).not.toContain('w site');
    expect(hints({sites: true})).toContain('w site');
    const replay = helpEntries().filter((e) => e.scope === 'replay');
    expect(replay.map((e) => e.keys)).toEqual(['p Space', ', .', '< >']);
    expect(helpEntries().find((e) => e.keys === 'w')?.help).toMatch(/another website/);
  });
});
