// Curation writes on citations: add and remove, with contexts and intents. The machinery is
// api/mutation.ts.

import { defineMutation, localId, nodeFields } from '../mutation.js';
import { builder } from '../builder.js';

const CitationIntentEnum = builder.enumType('CitationIntent', {
  description: 'Why a paper cites another.',
  values: {
    BACKGROUND: { description: 'For background.' },
    METHOD: { description: 'For a method it uses.' },
    RESULT: { description: 'To compare with a result.' },
  },
});

const citationIds = (input: Record<string, any>) => ({
  citing: localId(input.citingId, 'Paper', 'citingId'),
  cited: localId(input.citedId, 'Paper', 'citedId'),
});
const citationPayload = {
  citing: nodeFields.paper('citing', 'The citing paper after the change.'),
  cited: nodeFields.paper('cited', 'The cited paper after the change.'),
};

defineMutation('addCitation', {
  description: 'Adds a citation between two papers of the graph.',
  input: (t) => ({
    citingId: t.id({ required: true, description: 'Global id of the citing paper.' }),
    citedId: t.id({ required: true, description: 'Global id of the cited paper.' }),
    contexts: t.stringList({ description: 'Sentences of the citing paper around the citation.' }),
    intents: t.field({ type: [CitationIntentEnum], description: 'Why it is cited.' }),
  }),
  command: (input) => {
    const ids = citationIds(input);
    return {
      command: {
        op: 'citation.add',
        citingId: ids.citing,
        citedId: ids.cited,
        contexts: input.contexts ?? [],
        intents: input.intents ?? [],
      },
      ids,
    };
  },
  payload: citationPayload,
  payloadDescription: 'The citation added.',
});

defineMutation('removeCitation', {
  description: 'Removes a citation.',
  input: (t) => ({
    citingId: t.id({ required: true, description: 'Global id of the citing paper.' }),
    citedId: t.id({ required: true, description: 'Global id of the cited paper.' }),
  }),
  command: (input) => {
    const ids = citationIds(input);
    return { command: { op: 'citation.remove', citingId: ids.citing, citedId: ids.cited }, ids };
  },
  payload: citationPayload,
  payloadDescription: 'The citation removed.',
});
