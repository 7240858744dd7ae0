// Progress of long work on stderr: a live bar with counts and rate on a terminal (cli-progress),
// plain periodic lines elsewhere ("import: 40,000 records (21,000/s)") so logs and CI stay readable.

import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** Work done so far, and the total when it is known. */
  update(done: number, total?: number): void;
  /** Ends the report with a summary of the count, time and rate. */
  finish(): void;
}

export interface ProgressOptions {
  /** What is counted: "records", "elements", "MB". */
  unit: string;
  /** Turns a raw count into the number shown (bytes into megabytes, say). */
  scale?: (raw: number) => number;
  stream?: NodeJS.WriteStream;
  /** Force the bar (true) or the plain lines (false); default: the bar when the stream is a terminal. */
  tty?: boolean;
  /** Least time between two plain lines. */
  intervalMs?: number;
  now?: () => number;
}

/** 40,000 for counts; one decimal for small fractional amounts (6.2 MB). */
const count = (n: number) => (Number.isInteger(n) || n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

/** A reporter for one stage of work, labelled as the lines will show it ("import", "snapshot"). */
export function startProgress(label: string, options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const useBar = options.tty ?? Boolean(stream.isTTY);
  return useBar ? new BarProgress(label, options, stream) : new LineProgress(label, options, stream);
}

class LineProgress implements ProgressReporter {
  private readonly started: number;
  private lastLine: number;
  private done = 0;
  private total: number | undefined;

  constructor(
    private readonly label: string,
    private readonly options: ProgressOptions,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.started = this.now();
    this.lastLine = this.started;
  }

  update(done: number, total?: number): void {
    this.done = done;
    this.total = total ?? this.total;
    const now = this.now();
    if (now - this.lastLine < (this.options.intervalMs ?? 1000)) return;
    this.lastLine = now;
    const of = this.total === undefined ? '' : ` of ${count(this.shown(this.total))}`;
    this.stream.write(`${this.label}: ${count(this.shown(done))}${of} ${this.options.unit} (${this.rateText(now)})\n`);
  }

  finish(): void {
    const now = this.now();
    const seconds = (now - this.started) / 1000;
    this.stream.write(
      `${this.label}: ${count(this.shown(this.done))} ${this.options.unit} in ${seconds.toFixed(1)} s (${this.rateText(now)})\n`,
    );
  }

  private shown(raw: number): number {
    return this.options.scale ? this.options.scale(raw) : raw;
  }

  private rateText(now: number): string {
    return rateText(this.shown(this.done), now - this.started, this.options);
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }
}

class BarProgress implements ProgressReporter {
  private bar: cliProgress.SingleBar | null = null;
  private readonly started = performance.now();
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly options: ProgressOptions,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  update(done: number, total?: number): void {
    this.done = done;
    const shown = this.shown(done);
    const payload = { shownValue: count(shown), shownTotal: total === undefined ? '' : count(this.shown(total)), rate: this.rateText() };
    if (!this.bar) {
      // Without a total there is nothing to fill: the line shows the count and the rate only.
      const format =
        total === undefined
          ? `${this.label} {shownValue} ${this.options.unit} | {rate} | {duration_formatted}`
          : `${this.label} [{bar}] {percentage}% | {shownValue}/{shownTotal} ${this.options.unit} | {rate} | {duration_formatted}`;
      this.bar = new cliProgress.SingleBar(
        { format, stream: this.stream, hideCursor: true, barsize: 30, fps: 10 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total ?? 0, done, payload);
      return;
    }
    if (total !== undefined) this.bar.setTotal(total);
    this.bar.update(done, payload);
  }

  finish(): void {
    if (!this.bar) return;
    this.bar.update(this.done, { shownValue: count(this.shown(this.done)), rate: this.rateText() });
    this.bar.stop();
  }

  private shown(raw: number): number {
    return this.options.scale ? this.options.scale(raw) : raw;
  }

  private rateText(): string {
    return rateText(this.shown(this.done), performance.now() - this.started, this.options);
  }
}

/** "21,000/s" for counts, "9.0 MB/s" for scaled amounts. */
function rateText(shownDone: number, elapsedMs: number, options: ProgressOptions): string {
  const rate = count(shownDone / Math.max(elapsedMs / 1000, 1e-3));
  return options.scale ? `${rate} ${options.unit}/s` : `${rate}/s`;
}

/** Bytes shown as megabytes. */
export const megabytes = (bytes: number) => bytes / 1e6;
