import net from 'node:net';

/** A server that nobody closes: it keeps the vitest process alive after the run. */
export default function setup(): void {
  net.createServer().listen(0, '127.0.0.1');
}
