// Starts a peer by name (the bench's child processes and the equivalence test both use this).

import { startApollo } from './apollo.js';
import type { PeerData, PeerName, RunningPeer } from './graph-data.js';
import { startMercurius } from './mercurius.js';
import { startYoga } from './yoga.js';

export function startPeer(name: PeerName, data: PeerData, port = 0): Promise<RunningPeer> {
  return { apollo: startApollo, mercurius: startMercurius, yoga: startYoga }[name](data, port);
}
