// The API key for writes, kept in this browser's sessionStorage (the curation screen sets it);
// reads need none.

const STORAGE_KEY = 'papergraph.apiKey';

export function readApiKey(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

export function writeApiKey(key: string | null): void {
  try {
    if (key) globalThis.sessionStorage?.setItem(STORAGE_KEY, key);
    else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch {
    // storage refused (private mode): the key lasts as long as the page
  }
}
