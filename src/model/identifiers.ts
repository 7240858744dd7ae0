// The external identifiers a paper is looked up by, in every form a user pastes them: arXiv ids
// bare, with an `arXiv:` prefix, as abs/ or pdf/ URLs (http or https, with or without a version,
// with or without ".pdf"); DOIs bare, with a `doi:` prefix or as doi.org URLs. One normal form
// each, used by the lookups of the API, the store's indexes, the curation's inputs and the merge
// keys of ingest, so that every form finds the same paper.

/** New-style (2007.14062, 1706.03762v5) or old-style (cs.CL/0102031, hep-th/9901001v2) arXiv ids, version apart. */
const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(v\d+)?$/i;
/** "https://arxiv.org/abs/", "http://export.arxiv.org/pdf/", "arxiv.org/abs/" … in front of the id. */
const ARXIV_URL = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format)\//i;
const ARXIV_PREFIX = /^arxiv:\s*/i;

/** An arXiv id read from what a user gave: the id as written (no version) and the version given, if any. */
export interface ArxivId {
  /** "2006.07733", "cs.CL/0102031". */
  id: string;
  /** "v2", or null when none was given. */
  version: string | null;
}

/**
 * The arXiv id `text` names, or null when it names none: "2006.07733", "arXiv:2006.07733v2",
 * "https://arxiv.org/abs/2006.07733", "http://arxiv.org/pdf/2006.07733v1.pdf",
 * "arxiv.org/abs/cs.CL/0102031" all name one.
 */
export function parseArxivId(text: string): ArxivId | null {
  let rest = text.trim();
  if (ARXIV_URL.test(rest)) {
    rest = rest
      .replace(ARXIV_URL, '')
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .replace(/\.pdf$/i, '');
  } else rest = rest.replace(ARXIV_PREFIX, '');
  const match = ARXIV_ID.exec(rest);
  return match ? { id: match[1], version: match[2]?.toLowerCase() ?? null } : null;
}

/**
 * The key an arXiv id is indexed and compared by: "arXiv:2007.14062v2" and
 * "https://arxiv.org/abs/2007.14062" → "2007.14062" (the version does not name another paper).
 * Text that is no arXiv id is only trimmed, stripped of a prefix and a version, and lowercased.
 */
export function normalizeArxivId(text: string): string {
  const parsed = parseArxivId(text);
  if (parsed) return parsed.id.toLowerCase();
  return text.trim().replace(ARXIV_PREFIX, '').replace(/v\d+$/, '').toLowerCase();
}

const DOI = /^10\.\d{4,9}\/\S+$/;
/** "https://doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "DOI " in front of the DOI. */
const DOI_PREFIX = /^(?:(?:https?:\/\/)?(?:www\.|dx\.)?doi\.org\/|doi:\s*|doi\s+)/i;

/**
 * The key a DOI is indexed and compared by: "https://doi.org/10.1162/NECO.1997.9.8.1735",
 * "doi:10.1162/neco.1997.9.8.1735" → "10.1162/neco.1997.9.8.1735" (DOIs are case-insensitive).
 * A URL's percent-escapes are decoded ("10.1000%2Fxyz" → "10.1000/xyz").
 */
export function normalizeDoi(text: string): string {
  return doiBody(text).toLowerCase();
}

/** The DOI `text` names, as written but for its prefix or URL, or null when it names none. */
export function parseDoi(text: string): string | null {
  const doi = doiBody(text);
  return DOI.test(doi) ? doi : null;
}

/** The text without a doi.org URL or a "doi:" prefix, percent-escapes of a URL decoded. */
function doiBody(text: string): string {
  let doi = text.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|dx\.)?doi\.org\//i.test(doi);
  doi = doi.replace(DOI_PREFIX, '');
  if (url && doi.includes('%')) {
    try {
      doi = decodeURIComponent(doi);
    } catch {
      // not an escape sequence: keep the text as it is
    }
  }
  return doi;
}
