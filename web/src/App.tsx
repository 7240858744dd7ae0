// The app shell: header with the search box and the screens' routes. Every screen has its own
// URL; the graph and curation screens (and their drawing libraries) load only when opened.

import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { Provider } from 'urql';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { createClient } from './client';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Loading } from './components/Status';
import { readApiKey } from './api-key';
import { SearchScreen } from './screens/SearchScreen';

const PaperScreen = lazy(() => import('./screens/PaperScreen'));
const ConceptScreen = lazy(() => import('./screens/ConceptScreen'));
const CollectionScreen = lazy(() => import('./screens/CollectionScreen'));
const PapersScreen = lazy(() => import('./screens/PapersScreen'));
const GraphScreen = lazy(() => import('./screens/GraphScreen'));
const CurationScreen = lazy(() => import('./screens/CurationScreen'));

export function App({ client: given }: { client?: ReturnType<typeof createClient> } = {}) {
  const client = useMemo(() => given ?? createClient({ apiKey: readApiKey }), [given]);
  return (
    <Provider value={client}>
      <Router>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <Link href="/" className="brand">
            papergraph <span>Explorer</span>
          </Link>
          <nav aria-label="Main">
            <ul>
              <li>
                <Link href="/search">Search</Link>
              </li>
              <li>
                <Link href="/collection/zeta-alpha-neurips-2020">Guide</Link>
              </li>
              <li>
                <Link href="/graph">Graph</Link>
              </li>
              <li>
                <Link href="/curation">Curation</Link>
              </li>
              <li>
                <a href="/graphql">GraphiQL</a>
              </li>
            </ul>
          </nav>
        </header>
        <FocusOnNavigate />
        <main id="main" tabIndex={-1}>
          <ErrorBoundary>
            <Suspense fallback={<Loading what="screen" />}>
              <Switch>
                <Route path="/" component={SearchScreen} />
                <Route path="/search" component={SearchScreen} />
                <Route path="/paper/:by/*">{(params) => <PaperScreen by={params.by} value={params['*'] ?? ''} />}</Route>
                <Route path="/concept/:slug">{(params) => <ConceptScreen slug={params.slug} />}</Route>
                <Route path="/collection/:slug">{(params) => <CollectionScreen slug={params.slug} />}</Route>
                <Route path="/papers" component={PapersScreen} />
                <Route path="/graph" component={GraphScreen} />
                <Route path="/curation" component={CurationScreen} />
                <Route>
                  <section aria-labelledby="not-found">
                    <h1 id="not-found">No such page</h1>
                    <p>
                      This address is not a page of the Explorer. <Link href="/">Search</Link> for a paper or concept instead.
                    </p>
                  </section>
                </Route>
              </Switch>
            </Suspense>
          </ErrorBoundary>
        </main>
      </Router>
    </Provider>
  );
}

/**
 * After a link opens another screen, focus goes to its content (the link that had it is gone), so
 * keyboard and screen-reader users start there; the search screen keeps its box focused.
 */
function FocusOnNavigate() {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (location === '/' || location === '/search') return;
    document.getElementById('main')?.focus({ preventScroll: false });
    window.scrollTo?.(0, 0);
  }, [location]);
  return null;
}
