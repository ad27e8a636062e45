/**
 * A bench server's shutdown: on the first SIGINT or SIGTERM, `close` runs once, then the process
 * exits 0 (1 if closing failed, said on stderr). The bench harnesses stop their servers this way.
 */
export function stopOnSignal(name: string, close: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(`${name}: unclean shutdown:`, err);
          process.exit(1);
        },
      );
    });
  }
}
