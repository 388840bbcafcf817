/**
 * Test helper: runs the `switchboard` CLI in-process and collects its exit code and output.
 */
import { Writable } from 'node:stream';
import { run } from '../../../cli/src/cli';

/** Runs `switchboard <args>`; resolves to the exit code, standard output and standard error. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void): Writable =>
    new Writable({
      write: (chunk: Buffer, _e, cb) => {
        f(chunk.toString());
        cb();
      },
    });
  const code = await run(
    args,
    sink((s) => (out += s)),
    sink((s) => (err += s)),
  );
  return { code, out, err };
}
