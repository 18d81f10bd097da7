/**
 * Reads a password from stdin, never from argv (issue 11, finding 3): a command line is kept in
 * shell history and shown to every user by `ps`. From a pipe, the first line; at a terminal,
 * a prompt without echo.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export async function readPassword(prompt: string, input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const tty = (input as NodeJS.ReadStream).isTTY === true;
  if (tty) process.stderr.write(prompt);
  // At a terminal the typed characters are not echoed: the output goes nowhere.
  const silent = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input, output: silent, terminal: tty });
  try {
    for await (const line of rl) return line.replace(/\r$/, '');
    return '';
  } finally {
    rl.close();
    if (tty) process.stderr.write('\n');
  }
}
