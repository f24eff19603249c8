/**
 * Builds and drives bench/native-trainer.c (the plain trainer in C, for scale): used by
 * `npm run bench` and by tests/engine/bench-baseline.test.ts.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchNetwork, BenchSettings } from './networks';

const SOURCE = fileURLToPath(new URL('./native-trainer.c', import.meta.url));

/** The flags `npm run bench` builds it with: what a careful C programmer would ask gcc for. */
export const BENCH_FLAGS = ['-O3', '-march=native', '-DREAL=float'];

/**
 * Compiles the trainer with the C compiler `cc` into a temporary directory and returns the
 * program's path and a function that removes the directory, or an error message (no compiler,
 * or a failed build) instead.
 */
export function buildNative(
  flags: string[],
): { path: string; remove: () => void } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-native-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'native-trainer');
  const cc = spawnSync('cc', [...flags, SOURCE, '-o', path, '-lm'], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) remove();
  if (cc.error) return { error: `no C compiler (cc): ${cc.error.message}` };
  if (cc.status !== 0) return { error: `cc failed: ${cc.stderr.trim()}` };
  return { path, remove };
}

/** One trainer process; each command is answered by one line. */
export class NativeTrainer {
  private child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(program: string, net: BenchNetwork, batch: number, settings: BenchSettings) {
    const layers = net.hidden.map((units, k) => `${units}:${net.activations[k]}`);
    this.child = spawn(program, [
      String(batch),
      String(settings.learningRate),
      String(settings.hiddenInit),
      String(settings.outputInit),
      ...layers,
    ]);
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.waiting.shift()?.resolve(line);
      }
    });
    this.child.on('exit', (code) => {
      this.failure = new Error(`native trainer exited (${code}): ${stderr.trim()}`);
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    });
  }

  private ask(command: string): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${command}\n`);
    });
  }

  async train(n: number): Promise<void> {
    await this.ask(`train ${n}`);
  }

  /** Examples per second over one window of `ms` milliseconds, trained `chunk` at a time. */
  async window(ms: number, chunk: number): Promise<number> {
    return Number(await this.ask(`window ${ms} ${chunk}`));
  }

  /** Weights (row o of layer l at [o·nIn, (o+1)·nIn)) and biases, and the summed squared error. */
  async params(): Promise<{ w: number[][]; b: number[][]; lossSum: number }> {
    return JSON.parse(await this.ask('params'));
  }

  close(): void {
    this.child.stdin.end();
  }
}
