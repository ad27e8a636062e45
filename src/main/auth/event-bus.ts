import type { GatehouseEvent } from '../../shared/events';

type Listener = (event: GatehouseEvent) => void;

/** In-process fan-out of domain events to the console transports. A failing listener is isolated. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: GatehouseEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('event listener failed:', err);
      }
    }
  }
}
