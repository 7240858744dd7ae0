// A table of records addressed both by their string id and by a dense integer index:
// the integer is what the CSR adjacency stores, the string is what the outside world sees.

export class NodeTable<T extends { id: string; slug?: string }> {
  readonly records: T[];
  private readonly index = new Map<string, number>();
  private readonly slugIndex = new Map<string, number>();

  constructor(readonly kind: string, records: T[]) {
    this.records = records;
    records.forEach((record, i) => {
      if (this.index.has(record.id)) throw new GraphBuildError(`duplicate ${kind} id "${record.id}"`);
      this.index.set(record.id, i);
      if (record.slug !== undefined) {
        if (this.slugIndex.has(record.slug)) throw new GraphBuildError(`duplicate ${kind} slug "${record.slug}"`);
        this.slugIndex.set(record.slug, i);
      }
    });
  }

  /** The dense index of a slug, or -1 when no record has it. */
  indexOfSlug(slug: string): number {
    return this.slugIndex.get(slug) ?? -1;
  }

  get size(): number {
    return this.records.length;
  }

  /** The dense index of an id, or -1 when the id is unknown. */
  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** The dense index of an id that must exist; `context` says who refers to it. */
  require(id: string, context: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new GraphBuildError(`${context} refers to unknown ${this.kind} "${id}"`);
    return i;
  }

  get(id: string): T | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.records[i];
  }
}

export class GraphBuildError extends Error {
  override name = 'GraphBuildError';
}
