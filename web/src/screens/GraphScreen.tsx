// The graph screen (/graph?focus=<id>): a neighbourhood drawn with sigma over graphology. This
// is the scaffold's placeholder; the graph helper replaces it with the drawing, expansion,
// filters, hover cards and paths.

import { useSearch } from 'wouter';

export default function GraphScreen() {
  const focus = new URLSearchParams(useSearch()).get('focus');
  return (
    <section aria-labelledby="graph-title">
      <h1 id="graph-title">Graph</h1>
      <p>The neighbourhood view is not built yet{focus ? ` (asked to centre on ${focus})` : ''}.</p>
    </section>
  );
}
