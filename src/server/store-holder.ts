// The store the server reads through: given at start, swappable while serving (a request keeps
// the store it started with, since its context reads the holder once).

import type { GraphStore } from '../store/graph-store.js';

export class StoreHolder<S extends GraphStore = GraphStore> {
  constructor(private store: S) {}

  /** The store new requests read (pass this to createApp). */
  readonly current = (): S => this.store;

  /** Serves `next` from the next request on; returns the store it replaces. */
  swap(next: S): S {
    const previous = this.store;
    this.store = next;
    return previous;
  }
}
