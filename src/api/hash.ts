// SHA-256 of a text or bytes, the two ways the API writes it: hex (the ids of persisted
// operations, as APQ clients, graphql-codegen and Relay compute them) and base64url (shorter
// keys: ETags, response-cache and revalidation keys).

import { createHash } from 'node:crypto';

/** SHA-256 as 64 lower-case hex digits; a text is read as UTF-8. */
export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** SHA-256 as 43 base64url characters; a text is read as UTF-8. */
export const sha256Base64url = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('base64url');
