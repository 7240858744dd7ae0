export * from './types.js';
export * from './kinds.js';
