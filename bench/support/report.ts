// Report helpers: a Markdown table (printed as is, pasted as is into bench/RESULTS.md) and the
// facts about the machine a result is only valid for.
import { cpus, freemem, release, totalmem } from 'node:os';

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align: Align;
}

/** A Markdown table with padded cells, readable in a terminal and rendered on GitHub. */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number) => {
    const w = widths[i] ?? 0;
    return columns[i]?.align === 'right' ? text.padStart(w) : text.padEnd(w);
  };
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'right' ? `${'-'.repeat((widths[i] ?? 0) + 1)}:` : `:${'-'.repeat((widths[i] ?? 0) + 1)}`)).join('|')}|`;
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n');
}

/** One line per fact: date, Node, CPUs, memory, kernel. */
export function environment(now: Date = new Date()): string[] {
  const cpuList = cpus();
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return [
    `date:   ${now.toISOString()}`,
    `node:   ${process.version} (${process.platform}-${process.arch}, kernel ${release()})`,
    `cpus:   ${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown'}`,
    `memory: ${gib(totalmem())} total, ${gib(freemem())} free at the end`,
  ];
}

export function fmt(n: number, digits: number): string {
  return n.toFixed(digits);
}

/** 12345.6 → "12 346" (thin grouping keeps wide numbers readable in the table). */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
}
