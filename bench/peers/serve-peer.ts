// A peer in a process of its own (bench/peers/section.ts starts one per peer, bundled by esbuild
// like papergraph's dist/): serve-peer <apollo|yoga|mercurius> <data.json>. Prints "listening <url>".

import { readFileSync } from 'node:fs';
import { PEER_NAMES, type PeerData, type PeerName } from '../../test/support/peers/graph-data.js';
import { startPeer } from '../../test/support/peers/start.js';

const [name, file] = process.argv.slice(2);
if (!PEER_NAMES.includes(name as PeerName)) throw new Error(`serve-peer: unknown peer "${name}" (${PEER_NAMES.join(', ')})`);
const peer = await startPeer(name as PeerName, JSON.parse(readFileSync(file, 'utf8')) as PeerData);
process.stdout.write(`listening ${peer.url}\n`);
const stop = () => void peer.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
