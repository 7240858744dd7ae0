// The curation screen's operations: the paper being curated (its concept links with status and
// provenance, its references), the guide's entries, one mutation per write (each answering its
// payload or a typed UserError, whose message the screen shows), and the subscription that brings
// other curators' changes in as they are committed (server-sent events over fetch).

import { graphql } from '../gql';

export const CurationPaperDocument = graphql(`
  query CurationPaper($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Paper {
        title
        year
        arxivId
        doi
        version
        concepts(first: 100) {
          totalCount
          edges {
            role
            score
            status
            provenance {
              source
            }
            node {
              id
              name
              slug
            }
          }
        }
        references(first: 100) {
          totalCount
          edges {
            node {
              id
              title
              year
            }
          }
        }
      }
    }
  }
`);

export const CurationCollectionDocument = graphql(`
  query CurationCollection($slug: String!) {
    collection(by: { slug: $slug }) {
      id
      title
      slug
      version
      entries(first: 100) {
        totalCount
        edges {
          node {
            id
            rank
            why
            keyInsights
            section {
              id
              name
            }
            paper {
              id
              title
              year
            }
          }
        }
      }
    }
  }
`);

export const CurationSearchDocument = graphql(`
  query CurationSearch($query: String!, $types: [SearchableType!]) {
    search(query: $query, types: $types, first: 6) {
      edges {
        node {
          __typename
          id
          ... on Paper {
            title
            year
          }
          ... on Concept {
            name
          }
        }
      }
    }
  }
`);

export const LinkConceptDocument = graphql(`
  mutation LinkConcept($input: LinkConceptInput!) {
    linkConcept(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on InvalidInputError {
        field
      }
      ... on LinkConceptPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const UnlinkConceptDocument = graphql(`
  mutation UnlinkConcept($input: UnlinkConceptInput!) {
    unlinkConcept(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on UnlinkConceptPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const AcceptSuggestionDocument = graphql(`
  mutation AcceptSuggestion($input: AcceptSuggestionInput!) {
    acceptSuggestion(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on AcceptSuggestionPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const RejectSuggestionDocument = graphql(`
  mutation RejectSuggestion($input: RejectSuggestionInput!) {
    rejectSuggestion(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on RejectSuggestionPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const AddCitationDocument = graphql(`
  mutation AddCitation($input: AddCitationInput!) {
    addCitation(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on AddCitationPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const AddCollectionEntryDocument = graphql(`
  mutation AddCollectionEntry($input: AddCollectionEntryInput!) {
    addCollectionEntry(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on AddCollectionEntryPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const MoveCollectionEntryDocument = graphql(`
  mutation MoveCollectionEntry($input: MoveCollectionEntryInput!) {
    moveCollectionEntry(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on MoveCollectionEntryPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const RemoveCollectionEntryDocument = graphql(`
  mutation RemoveCollectionEntry($input: RemoveCollectionEntryInput!) {
    removeCollectionEntry(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on RemoveCollectionEntryPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const UpdateCollectionEntryDocument = graphql(`
  mutation UpdateCollectionEntry($input: UpdateCollectionEntryInput!) {
    updateCollectionEntry(input: $input) {
      __typename
      ... on UserError {
        message
      }
      ... on UpdateCollectionEntryPayload {
        change {
          seq
        }
      }
    }
  }
`);

export const CurationLiveDocument = graphql(`
  subscription CurationLive {
    graphChanged {
      change {
        seq
        op
        actor
        at
        reason
        targetIds
        targets {
          __typename
          id
          ... on Paper {
            title
          }
          ... on Concept {
            name
          }
          ... on Collection {
            title
          }
        }
      }
    }
  }
`);
