// Where a fact came from: the source and its record, who curated it and when.

export interface ProvenanceFields {
  source: string;
  recordId: string;
  curator?: string | null;
  at?: string | null;
  reason?: string | null;
}

export function provenanceText(p: ProvenanceFields): string {
  const parts = [`${p.source}: ${p.recordId}`];
  if (p.curator) parts.push(`by ${p.curator}`);
  if (p.at) parts.push(`on ${p.at.slice(0, 10)}`);
  if (p.reason) parts.push(`(${p.reason})`);
  return parts.join(' ');
}

export function Provenance({
  of,
  label = 'Source',
}: {
  of: readonly ProvenanceFields[] | ProvenanceFields | null | undefined;
  label?: string;
}) {
  const list = of == null ? [] : Array.isArray(of) ? of : [of as ProvenanceFields];
  if (list.length === 0) return null;
  return (
    <p className="provenance">
      {label}: {list.map(provenanceText).join('; ')}
    </p>
  );
}
