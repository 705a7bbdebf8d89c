import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEMO_SERVER_FLAGS, MONITOR_FLAGS} from '../src/cli/args.js';
import {helpEntries} from '../src/ui/keymap.js';
import {root} from './helpers/cli.js';

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('opens with the two quick-start commands, the second being what .ci/run runs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n');
    expect(firstBlock[0]).toMatch(/^npm ci && npm start\s/);
    expect(firstBlock[1]).toMatch(/^npm ci && npm test\s/);
    expect(fs.readFileSync(path.join(root, '.ci/run'), 'utf8')).toContain('npm ci && npm test');
  });

  it('documents every flag and every environment variable the code reads', () => {
    for (const flag of [...MONITOR_FLAGS, ...DEMO_SERVER_FLAGS]) expect(readme).toContain(`--${flag.name}`);
    const sources = fs.readdirSync(path.join(root, 'src'), {recursive: true}).filter((f) => String(f).endsWith('.ts') || String(f).endsWith('.tsx'));
    const vars = new Set<string>();
    for (const file of sources) {
      const text = fs.readFileSync(path.join(root, 'src', String(file)), 'utf8');
      for (const m of text.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) vars.add(m[1]);
    }
    expect(vars.size).toBeGreaterThan(5);
    for (const v of vars) expect(readme, v).toContain(v);
  });

  it('documents every key binding', () => {
    for (const entry of helpEntries()) {
      const first = entry.help.split(' ')[0];
      expect(readme.toLowerCase()).toContain(first.toLowerCase());
    }
    for (const key of ['`q`', '`?`', '`e`', '`s`', '`/`', '`p`', '`r`', '`c`', '`P`', '`f`', '`0`', '`+`', 'Ctrl-Z', 'Shift-Tab', 'PgUp']) expect(readme).toContain(key);
  });
});
