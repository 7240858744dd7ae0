// Author slugs. Authors carry no slug of their own in the data (importers key them by source,
// id and name), so the graph derives one: the slug of the name, with the number ingest's
// disambiguation gave a second person of that name ("lei-chen-2", see model/names.ts), unique
// among authors. Slugs are handed out in author order, first come first served; a later author
// whose slug is taken gets "<name>-2", "-3" … (the first number free). Authors are only ever
// appended (curation adds them with papers and never removes one), so a slug, once given, stays
// with its author in every later version of the graph and after compaction, which keeps the order.
//
// One AuthorSlugs is shared by the versions of a store's lineage: each version's view extends it
// to its own authors (the versions share their first authors, appended ones after them). A view
// of a version that does not continue the shared list (a branch) builds its own.

import type { Author } from '../model/index.js';
import { authorSlugCandidate } from '../model/names.js';
import type { NodeTable } from './node-table.js';

/** The slugs of one version's authors. */
export interface AuthorSlugView {
  /** The slug of the author at an index of the version's table. */
  slugAt(index: number): string;
  /** The index of the author with this slug (exact, lowercase), or -1. */
  indexOfSlug(slug: string): number;
}

export class AuthorSlugs {
  private readonly ids: string[] = [];
  private readonly slugs: string[] = [];
  private readonly bySlug = new Map<string, number>();

  /** The slugs of `table`'s authors: the shared list, extended to the table's size where it falls short. */
  of(table: NodeTable<Author>): AuthorSlugView {
    const n = table.size;
    const shared = Math.min(n, this.ids.length);
    if (shared > 0 && table.idAt(shared - 1) !== this.ids[shared - 1]) return new AuthorSlugs().of(table);
    if (n > this.ids.length) this.extend(table);
    return {
      slugAt: (i) => this.slugs[i],
      indexOfSlug: (slug) => {
        const i = this.bySlug.get(slug);
        return i !== undefined && i < n ? i : -1;
      },
    };
  }

  /** Slugs for the table's authors past the shared ones, in order. */
  private extend(table: NodeTable<Author>): void {
    const nameOf = table.field('name');
    for (let i = this.ids.length; i < table.size; i++) {
      const id = table.idAt(i);
      const { base, slug: wanted } = authorSlugCandidate(nameOf(i), id);
      let slug = wanted;
      for (let k = 2; this.bySlug.has(slug); k++) slug = `${base}-${k}`;
      this.ids.push(id);
      this.slugs.push(slug);
      this.bySlug.set(slug, i);
    }
  }
}
