import {describe, expect, it} from 'vitest';
import {snapshotSize} from '../../src/cli/snapshot-size.js';

describe('snapshotSize', () => {
  it('flags first, then the terminal when stdout is one, then COLUMNS/LINES, then 100×30, each dimension on its own', () => {
    const tty = {isTTY: true, columns: 132, rows: 43};
    const pipe = {isTTY: false, columns: undefined, rows: undefined};
    expect(snapshotSize({width: 50, height: 10}, tty, {COLUMNS: '70', LINES: '20'})).toEqual({width: 50, height: 10});
    expect(snapshotSize({}, tty, {COLUMNS: '70', LINES: '20'})).toEqual({width: 132, height: 43});
    expect(snapshotSize({}, pipe, {COLUMNS: '70', LINES: '20'})).toEqual({width: 70, height: 20});
    expect(snapshotSize({width: 90}, pipe, {LINES: ' 25 '})).toEqual({width: 90, height: 25});
    expect(snapshotSize({}, pipe, {})).toEqual({width: 100, height: 30});
    for (const bad of ['0', '-5', '80x', '1001', '', '3.5']) expect(snapshotSize({}, pipe, {COLUMNS: bad, LINES: bad})).toEqual({width: 100, height: 30});
  });
});
