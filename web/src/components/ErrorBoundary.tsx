// A screen that throws shows what went wrong and a way on, never a blank page.

import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="error">
        <h1>This screen failed</h1>
        <p>{error.message}</p>
        <p>
          <a href="/">Back to search</a> or <button onClick={() => location.reload()}>reload the page</button>.
        </p>
      </div>
    );
  }
}
