/**
 * Sends refusals one per turn of the event loop. A wave of logins refused at once (the password
 * hasher is full) would otherwise be answered in one block of tens of milliseconds, during which
 * no token is verified; paced, the requests that arrive meanwhile are served between them. Each
 * refusal is still answered within a few milliseconds of the wave's end.
 */
export function pacedRefusals(): (send: () => void) => void {
  const queue: (() => void)[] = [];
  const next = () => {
    queue.shift()?.();
    // setImmediate: the loop polls for I/O (a waiting /api/me) before the next one
    if (queue.length) setImmediate(next);
  };
  return (send) => {
    if (queue.push(send) === 1) setImmediate(next);
  };
}
