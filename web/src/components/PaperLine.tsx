// One paper in a list: its title linking to its screen, year and venue.

import { Link } from 'wouter';
import { paperHref } from '../urls';

export interface PaperLineFields {
  id: string;
  title: string;
  year?: number | null;
  arxivId?: string | null;
  doi?: string | null;
  venue?: { name: string } | null;
}

export function PaperLine({ paper }: { paper: PaperLineFields }) {
  const meta = [paper.year, paper.venue?.name].filter(Boolean).join(' · ');
  return (
    <>
      <Link href={paperHref(paper)}>{paper.title}</Link>
      {meta ? <span className="meta"> — {meta}</span> : null}
    </>
  );
}
