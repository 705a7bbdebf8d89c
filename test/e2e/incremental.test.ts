import {describe, expect, it} from 'vitest';
import {sessionsPerTest, type Session} from '../helpers/pty.js';

const spawn = sessionsPerTest();

/** Every cell below the header: its character and colours, as the terminal emulator holds them. */
function cells(s: Session, fromRow: number): string[] {
  const buffer = s.term.buffer.active;
  const rows: string[] = [];
  for (let y = fromRow; y < s.term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y)!;
    let row = '';
    for (let x = 0; x < s.term.cols; x++) {
      const cell = line.getCell(x)!;
      row += `${cell.getChars() || ' '}${cell.getFgColor()}/${cell.getBgColor()}/${cell.isBold()}|`;
    }
    rows.push(row);
  }
  return rows;
}

describe('incremental rendering (patched Ink: changed rows, changed stretches)', () => {
  it('after many partial updates the screen is exactly what a full repaint draws', async () => {
    // A busy site (about three arrivals a second) so lists shift between polls.
    const s = spawn(['--demo', '--demo-visitors', '2500', '--interval', '0.3'], {cols: 120, rows: 40});
    await s.waitFor((l) => /LIVE/.test(l[0]), 'the dashboard');
    await new Promise((r) => setTimeout(r, 4000));
    s.write('p');
    await s.waitFor((l) => /PAUSED/.test(l[0]), 'pause');
    await new Promise((r) => setTimeout(r, 400));
    const incremental = cells(s, 2);
    // The updates took every path: whole rows, changed stretches, and rows scrolled in a region.
    expect(s.raw()).toMatch(/\x1b\[\d+;\d+r\x1b\[\d+;1H\x1b\[\d+[LM]\x1b\[r/);
    expect(s.raw()).toMatch(/\x1b\[\d+G\x1b\[0m/);
    // Ctrl-Z with no shell to resume it comes straight back with a whole-frame repaint.
    const before = s.raw().length;
    s.write('\x1a');
    await s.waitFor(() => s.raw().length > before && s.term.buffer.active.type === 'alternate' && s.screen().some((l) => l.includes('2 Visitors')), 'the repaint');
    await new Promise((r) => setTimeout(r, 600));
    const repainted = cells(s, 2);
    const differing = repainted.map((row, i) => (row === incremental[i] ? null : i + 2)).filter((i) => i !== null);
    expect(differing).toEqual([]);
  });
});
