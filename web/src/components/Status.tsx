// Loading and error states, announced to screen readers.

import type { CombinedError } from 'urql';

export function Loading({ what }: { what: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** What the API or the network said, in words a reader can act on. */
export function errorText(error: CombinedError): string {
  if (error.networkError) return `The server could not be reached (${error.networkError.message}). Is papergraph running?`;
  return error.graphQLErrors.map((e) => e.message).join('; ') || error.message;
}

export function ErrorMessage({ error, retry }: { error: CombinedError; retry?: () => void }) {
  return (
    <div role="alert" className="error">
      <p>
        <strong>Could not load this.</strong> {errorText(error)}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function NotFound({ children }: { children: React.ReactNode }) {
  return (
    <div role="alert" className="notice">
      <h1>Not found</h1>
      <p>{children}</p>
    </div>
  );
}
