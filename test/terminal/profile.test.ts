import {describe, expect, it} from 'vitest';
import {
  colorFgBgBackground, decideProfile, detectDepth, detectUtf8, doctorReport, isDumbTerminal, isLightColor, probePlan,
  type ProbeAnswers, type ProfileInput,
} from '../../src/terminal/profile.js';
import {detectDepth as detectDepthFromTheme} from '../../src/ui/theme.js';

const base = {TERM: 'xterm-256color', LANG: 'C.UTF-8'};
const profile = (over: Partial<ProfileInput> = {}) => decideProfile({env: base, isTTY: true, input: 'stdin', nodeVersion: 'v20.0.0', ...over});
const answers = (over: Partial<ProbeAnswers> = {}): ProbeAnswers => ({answered: true, cursorColumn: 2, background: null, syncMode: null, ...over});

describe('UTF-8 from the locale, as ncurses decides', () => {
  it.each([
    [{LANG: 'en_US.UTF-8'}, true, 'LANG'],
    [{LANG: 'C.utf8'}, true, 'LANG'],
    [{LANG: 'de_DE.utf-8@euro'}, true, 'LANG'],
    [{LANG: 'C'}, false, 'LANG'],
    [{LANG: 'POSIX'}, false, 'LANG'],
    [{LANG: 'en_US'}, false, 'LANG'],
    [{LANG: 'en_US.ISO-8859-1'}, false, 'LANG'],
    [{LC_ALL: 'C', LANG: 'en_US.UTF-8'}, false, 'LC_ALL'],
    [{LC_ALL: '', LC_CTYPE: 'en_US.UTF-8', LANG: 'C'}, true, 'LC_CTYPE'],
    [{LC_CTYPE: 'C', LANG: 'en_US.UTF-8'}, false, 'LC_CTYPE'],
    [{LC_ALL: 'en_US.UTF-8', LC_CTYPE: 'C'}, true, 'LC_ALL'],
    [{LANG: '', LC_CTYPE: ''}, false, 'not set'],
    [{}, false, 'not set'],
  ])('%j: utf8 %s, decided by %s', (env, utf8, by) => {
    const d = detectUtf8(env);
    expect(d.utf8).toBe(utf8);
    expect(d.reason).toContain(by);
  });
});

describe('dumb terminals', () => {
  it.each([
    [{TERM: 'dumb'}, 'TERM=dumb'],
    [{TERM: ''}, 'not set'],
    [{}, 'not set'],
  ])('%j: no alternate screen, no scroll regions, no colour, no mouse', (env, why) => {
    const p = profile({env: {LANG: 'C.UTF-8', ...env}});
    expect(p).toMatchObject({dumb: true, scrollRegions: false, mouse: false, syncOutput: false, depth: 'none', theme: 'mono'});
    expect(p.reasons.term).toContain(why);
  });

  it('colour can still be forced on a dumb terminal (Emacs shell buffers render it)', () => {
    expect(profile({env: {TERM: 'dumb', FORCE_COLOR: '1'}}).depth).toBe('16');
    expect(profile({env: {TERM: 'dumb'}, flags: {color: 'always'}}).depth).toBe('16');
  });

  it('isDumbTerminal says so before the probe', () => {
    expect([{TERM: 'dumb'}, {TERM: ''}, {}].map(isDumbTerminal)).toEqual([true, true, true]);
    expect([{TERM: 'xterm'}, {TERM: 'linux'}, {TERM: 'screen'}].map(isDumbTerminal)).toEqual([false, false, false]);
  });

  it('TERM=linux is not dumb: scroll regions on', () => {
    expect(profile({env: {TERM: 'linux', LANG: 'C.UTF-8'}})).toMatchObject({dumb: false, scrollRegions: true});
  });
});

describe('colour depth keeps the rules it had', () => {
  it('detectDepth is the same function from the theme module', () => {
    expect(detectDepthFromTheme).toBe(detectDepth);
  });

  it.each([
    [{COLORTERM: 'truecolor'}, 'auto', true, 'truecolor', 'COLORTERM'],
    [{TERM: 'xterm-256color'}, 'auto', true, '256', 'TERM'],
    [{TERM: 'xterm'}, 'auto', true, '16', 'neither'],
    [{NO_COLOR: '1', COLORTERM: 'truecolor'}, 'auto', true, 'none', 'NO_COLOR'],
    [{FORCE_COLOR: '3', TERM: 'xterm'}, 'auto', true, 'truecolor', 'FORCE_COLOR'],
    [{FORCE_COLOR: '0', COLORTERM: 'truecolor'}, 'auto', true, 'none', 'FORCE_COLOR'],
    [{COLORTERM: 'truecolor'}, 'never', true, 'none', '--color never'],
    [{NO_COLOR: '1', TERM: 'xterm-256color'}, 'always', true, '256', '--color always'],
    [{TERM: 'xterm-256color'}, 'auto', false, 'none', 'not a terminal'],
  ] as const)('%j --color %s (tty %s) is %s', (env, color, isTTY, depth, why) => {
    const p = profile({env: {LANG: 'C.UTF-8', TERM: 'xterm', ...env}, flags: {color}, isTTY});
    expect(p.depth).toBe(depth);
    expect(p.reasons.depth).toContain(why);
  });
});

describe('background and theme', () => {
  it.each([
    ['15;0', 'dark'], ['0;15', 'light'], ['0;7', 'light'], ['15;8', 'dark'], ['7;default;0', 'dark'], ['0;default;15', 'light'],
    ['0;default', null], ['', null], ['garbage', null], ['0;99', null],
  ])('COLORFGBG=%j is %s', (value, bg) => {
    expect(colorFgBgBackground(value)).toBe(bg);
  });

  it.each([
    [[255, 255, 255], true], [[253, 246, 227], true], [[240, 240, 240], true], [[0, 0, 0], false], [[0, 43, 54], false], [[40, 44, 52], false],
  ] as const)('%j is light: %s', (rgb, light) => {
    expect(isLightColor(rgb)).toBe(light);
  });

  it('the OSC 11 answer decides, over COLORFGBG', () => {
    const p = profile({probe: answers({background: [255, 255, 255]}), env: {...base, COLORFGBG: '15;0'}});
    expect(p).toMatchObject({background: 'light', theme: 'light'});
    expect(p.reasons.background).toContain('OSC 11');
    expect(p.reasons.background).toContain('#ffffff');
  });

  it('COLORFGBG when OSC 11 was not answered', () => {
    const p = profile({probe: answers(), env: {...base, COLORFGBG: '0;15'}});
    expect(p).toMatchObject({background: 'light', theme: 'light'});
    expect(p.reasons.background).toMatch(/OSC 11 not answered; COLORFGBG="0;15"/);
  });

  it('dark when nothing says', () => {
    const p = profile({probe: answers()});
    expect(p).toMatchObject({background: null, theme: 'dark'});
    expect(p.reasons.theme).toContain('--theme light');
  });

  it('--theme overrides the background', () => {
    expect(profile({flags: {theme: 'dark'}, probe: answers({background: [255, 255, 255]})}).theme).toBe('dark');
    expect(profile({flags: {theme: 'light'}}).theme).toBe('light');
    expect(profile({flags: {theme: 'mono'}}).theme).toBe('mono');
  });

  it('mono when there are no colours, whatever else says', () => {
    const p = profile({env: {...base, NO_COLOR: '1'}, flags: {theme: 'light'}, probe: answers({background: [255, 255, 255]})});
    expect(p.theme).toBe('mono');
    expect(p.reasons.theme).toContain('not --theme light');
  });

  it('the Linux console is dark', () => {
    expect(profile({env: {TERM: 'linux', LANG: 'C.UTF-8'}})).toMatchObject({background: 'dark', theme: 'dark'});
  });
});

describe('ambiguous width', () => {
  it.each([
    [{}, answers({cursorColumn: 2}), false, 'moved 1 column'],
    [{}, answers({cursorColumn: 3}), true, 'moved 2 columns'],
    [{}, answers({cursorColumn: null}), false, 'not answered'],
    [{}, answers({answered: false, cursorColumn: null}), false, 'no answer'],
    [{}, null, false, 'not probed'],
    [{}, answers({cursorColumn: 7}), false, 'odd'],
    [{ambiguous: 'wide'}, answers({cursorColumn: 2}), true, '--ambiguous wide'],
    [{ambiguous: 'narrow'}, answers({cursorColumn: 3}), false, '--ambiguous narrow'],
  ] as const)('flags %j, probe %j: wide %s', (flags, probe, wide, why) => {
    const p = profile({flags, probe});
    expect(p.ambiguousWide).toBe(wide);
    expect(p.reasons.ambiguous).toContain(why);
  });

  it('does not matter outside UTF-8', () => {
    const p = profile({env: {TERM: 'xterm', LANG: 'C'}, probe: answers({cursorColumn: 3})});
    expect(p.ambiguousWide).toBe(false);
    expect(p.reasons.ambiguous).toContain('ASCII');
  });
});

describe('synchronized output', () => {
  it.each([
    [1, true], [2, true], [3, true], [0, false], [4, false],
  ])('DECRQM 2026 answered %i: %s', (mode, sync) => {
    const p = profile({probe: answers({syncMode: mode}), env: {...base, TERM_PROGRAM: 'WezTerm'}});
    expect(p.syncOutput).toBe(sync);
    expect(p.reasons.syncOutput).toContain(`answered ${mode}`);
  });

  it.each([
    [{TERM_PROGRAM: 'WezTerm'}, true],
    [{TERM_PROGRAM: 'iTerm.app'}, true],
    [{TERM_PROGRAM: 'ghostty'}, true],
    [{TERM: 'xterm-kitty'}, true],
    [{KITTY_WINDOW_ID: '1'}, true],
    [{TERM_PROGRAM: 'Apple_Terminal'}, false],
    [{}, false],
    [{TERM_PROGRAM: 'WezTerm', TMUX: '/tmp/tmux-1000/default,1,0'}, false],
    [{TERM: 'screen-256color', KITTY_WINDOW_ID: '1'}, false],
    [{TERM_PROGRAM: 'tmux', KITTY_WINDOW_ID: '1'}, false],
  ])('no answer, %j: %s (known terminals, never through a multiplexer)', (env, sync) => {
    expect(profile({probe: answers(), env: {...base, ...env}}).syncOutput).toBe(sync);
  });
});

describe('mouse and input', () => {
  it('on by default, off with --no-mouse, off without a way to read the reports', () => {
    expect(profile().mouse).toBe(true);
    expect(profile({flags: {mouse: false}})).toMatchObject({mouse: false});
    expect(profile({flags: {mouse: false}}).reasons.mouse).toContain('--no-mouse');
    expect(profile({input: 'none'}).mouse).toBe(false);
    expect(profile({input: '/dev/tty'}).mouse).toBe(true);
    expect(profile({input: '/dev/tty'}).reasons.input).toContain('/dev/tty');
  });
});

describe('CI variables', () => {
  it('change nothing on a terminal, and the reasons say they were seen', () => {
    const plain = profile();
    for (const env of [{CI: 'true'}, {CONTINUOUS_INTEGRATION: '1'}, {CI: '1', CONTINUOUS_INTEGRATION: 'yes'}]) {
      const p = profile({env: {...base, ...env}});
      const {reasons: _r1, ciIgnored, ...rest} = p;
      const {reasons: _r2, ciIgnored: _c, ...plainRest} = plain;
      expect(rest).toEqual(plainRest);
      expect(ciIgnored).toBe(true);
      expect(p.reasons.ci).toContain('ignored');
      expect(p.reasons.ci).toContain(Object.keys(env)[0]);
    }
    expect(plain.ciIgnored).toBe(false);
  });
});

describe('probePlan', () => {
  it('asks nothing of a dumb terminal or without a terminal', () => {
    expect(probePlan({TERM: 'dumb'}, {}, true, 'stdin').run).toBe(false);
    expect(probePlan({}, {}, true, 'stdin').run).toBe(false);
    expect(probePlan(base, {}, false, 'none').run).toBe(false);
    expect(probePlan(base, {}, true, 'none').run).toBe(false);
  });

  it('asks only what flags and locale leave open', () => {
    expect(probePlan(base, {}, true, 'stdin')).toMatchObject({run: true, width: true, background: true, sync: true});
    expect(probePlan(base, {ambiguous: 'wide', theme: 'light'}, true, 'stdin')).toMatchObject({run: true, width: false, background: false, sync: true});
    expect(probePlan({TERM: 'xterm', LANG: 'C'}, {}, true, '/dev/tty')).toMatchObject({width: false, background: true});
  });

  it('only the width on the Linux console (it prints OSC and DECRQM text it does not know)', () => {
    expect(probePlan({TERM: 'linux', LANG: 'C.UTF-8'}, {}, true, 'stdin')).toMatchObject({run: true, width: true, background: false, sync: false});
  });
});

describe('doctorReport', () => {
  const env = {...base, COLORTERM: 'truecolor', COLORFGBG: '0;15', CI: 'true'};
  const p = decideProfile({env, isTTY: true, input: '/dev/tty', probe: answers({cursorColumn: 3, syncMode: 2}), size: {columns: 120, rows: 40}, nodeVersion: 'v20.20.2'});
  const report = doctorReport(p);

  it('names every decision with its value and why', () => {
    for (const line of [
      /^node: +v20\.20\.2$/m,
      /^terminal size: +120x40$/m,
      /^input: +\/dev\/tty -- stdin is not a terminal/m,
      /^locale: +UTF-8 -- LANG="C\.UTF-8" \(LC_ALL and LC_CTYPE not set\)/m,
      /^TERM: +xterm-256color -- TERM="xterm-256color": cursor addressing$/m,
      /^colours: +truecolor -- COLORTERM="truecolor"$/m,
      /^background: +light -- OSC 11 not answered; COLORFGBG="0;15"$/m,
      /^theme: +light -- from the light background$/m,
      /^ambiguous width: +wide -- the cursor moved 2 columns over U\+2500$/m,
      /^synchronized output: +yes -- DECRQM 2026 answered 2 \(supported\)$/m,
      /^scroll regions: +yes -- DECSTBM/m,
      /^mouse: +on -- SGR 1006/m,
      /^CI variables: +ignored -- CI="true" seen and ignored \(stdout is a terminal\)$/m,
    ]) expect(report).toMatch(line);
  });

  it('is pure ASCII, even with a strange environment', () => {
    const odd = doctorReport(decideProfile({env: {TERM: 'xterm\u00e9', LANG: 'ja_JP.\u65e5\u672c\x1b[31m'}, isTTY: false, nodeVersion: 'v20'}));
    expect(odd).toMatch(/^[\x20-\x7e\n]*$/);
    expect(report).toMatch(/^[\x20-\x7e\n]*$/);
    expect(odd).toContain('terminal size:');
    expect(odd).toContain('unknown');
  });

  it('fits its lines to the terminal: a long reason goes on under the value', () => {
    for (const columns of [40, 60, 80, 100]) {
      const text = doctorReport(p, columns);
      const lines = text.trimEnd().split('\n');
      expect(lines.filter((l) => l.length > columns)).toEqual([]);
      const mouse = lines.findIndex((l) => l.startsWith('mouse:'));
      const valueColumn = lines[mouse].indexOf('on --');
      // The reason's words, in order, on the row and the rows under it (indented to the value).
      const rest: string[] = [];
      for (let i = mouse + 1; i < lines.length && lines[i].startsWith(' '); i++) {
        expect(lines[i].slice(0, valueColumn).trim()).toBe('');
        rest.push(lines[i].trim());
      }
      expect([lines[mouse].slice(valueColumn), ...rest].join(' ')).toBe('on -- SGR 1006 reporting; Shift-drag selects text in most terminals, --no-mouse turns it off');
    }
    // The terminal's own width when none is given (120 here): no line is wrapped.
    expect(report.split('\n').filter((l) => l.startsWith(' '))).toEqual([]);
  });
});
