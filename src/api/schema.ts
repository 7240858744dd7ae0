// The schema: the type files register themselves on the builder when imported.

import { builder } from './builder.js';
import { withSyncNodeIds } from './global-id.js';
import { withPropertyFields } from './lean-schema.js';
import './types/node.js';
import './types/ordering.js';
import './types/paper.js';
import './types/concept.js';
import './types/topic.js';
import './types/venue.js';
import './types/author.js';
import './types/collection.js';
import './types/related.js';
import './types/facets.js';
import './types/search.js';
import './types/exploration.js';
import './user-errors.js';
import './types/change.js';
import './types/paper-mutations.js';
import './types/citation-mutations.js';
import './types/concept-mutations.js';
import './types/collection-mutations.js';
import './types/change-mutations.js';
import './types/subscriptions.js';

// Node ids resolve synchronously (see withSyncNodeIds): the same ids, no promise per `id`; fields
// that read a property of a record are read by the executor itself (lean-schema.ts).
export const schema = withPropertyFields(withSyncNodeIds(builder.toSchema({ sortSchema: false })));
