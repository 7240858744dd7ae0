// XML text for the graph formats: escaped, and without the characters XML 1.0 cannot carry at all.

// Control characters other than tab/newline/CR, lone surrogates and U+FFFE/U+FFFF are not allowed
// in XML 1.0 even as character references: they are dropped rather than producing a broken file.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an element or a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(SPECIAL, (c) => ENTITIES[c]);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
