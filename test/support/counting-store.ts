// A store that counts its calls, so that batching can be asserted.

import type { GraphStore } from '../../src/store/graph-store.js';

/**
 * A store proxy that records every method call, by name (the batching tests and the bench's
 * store-call count); `nodesByIds` by kind as well: "nodesByIds(Paper)".
 */
export function countingStore(inner: GraphStore): { store: GraphStore; calls: Map<string, number>; reset(): void } {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = prop === 'nodesByIds' ? `nodesByIds(${String(args[0])})` : String(prop);
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store, calls, reset: () => calls.clear() };
}
