import { writeSync } from 'node:fs';

/**
 * Writes all of `bytes` to `fd` synchronously, without turning it non-blocking (a traced program
 * shares 1 and 2): waits out EAGAIN (another holder may have set O_NONBLOCK), and gives up at any
 * other error (a reader gone, a closed descriptor). Whether all was written.
 */
export function writeAll(fd: number, bytes: Uint8Array): boolean {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return false;
    }
  }
  return true;
}
