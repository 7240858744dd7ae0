export * from './types.js';
export * from './kinds.js';
export * from './identifiers.js';
