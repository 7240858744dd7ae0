// The graph layer: interned ids, CSR adjacency and the exploration algorithms over them.

export * from './csr.js';
export * from './node-table.js';
export * from './knowledge-graph.js';
export * from './hetero.js';
export * from './neighborhood.js';
export * from './path.js';
export * from './pagerank.js';
export * from './related.js';
export * from './concepts.js';
export * from './rows.js';
