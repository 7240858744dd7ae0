// The graph screen's operations: a neighbourhood (the first view and each expansion), a path
// between two nodes, and a search for choosing a node that is not drawn yet. Every node comes as
// a GraphNode (id, kind, label, degree over the followed edge types) with what its page's URL
// needs; every edge with its stable id, so graphcache and the drawing key them the same way.

import { graphql } from '../gql';

export const GraphNeighborhoodDocument = graphql(`
  query GraphNeighborhood(
    $id: ID!
    $depth: Int
    $edgeTypes: [EdgeType!]
    $nodeKinds: [GraphNodeKind!]
    $limit: Int
    $hubDegree: Int
    $exclude: [ID!]
  ) {
    neighborhood(
      id: $id
      depth: $depth
      edgeTypes: $edgeTypes
      nodeKinds: $nodeKinds
      limit: $limit
      hubDegree: $hubDegree
      exclude: $exclude
    ) {
      truncated
      hubs
      nodes {
        ...GraphNodeFields
      }
      edges {
        ...GraphEdgeFields
      }
    }
  }

  fragment GraphNodeFields on GraphNode {
    __typename
    id
    nodeKind
    label
    degree(edgeTypes: $edgeTypes)
    ... on Paper {
      arxivId
      doi
      year
    }
    ... on Concept {
      slug
    }
    ... on Topic {
      slug
    }
    ... on Author {
      slug
    }
    ... on Venue {
      slug
    }
  }

  fragment GraphEdgeFields on GraphEdge {
    id
    type
    source
    target
    role
    score
  }
`);

export const GraphPathDocument = graphql(`
  query GraphPath($from: ID!, $to: ID!, $edgeTypes: [EdgeType!], $maxDepth: Int) {
    path(from: $from, to: $to, edgeTypes: $edgeTypes, maxDepth: $maxDepth) {
      length
      nodes {
        ...GraphNodeFields
      }
      edges {
        ...GraphEdgeFields
      }
    }
  }
`);

export const GraphNodeSearchDocument = graphql(`
  query GraphNodeSearch($query: String!, $first: Int) {
    search(query: $query, types: [PAPER, CONCEPT, TOPIC, AUTHOR, VENUE], first: $first) {
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
          ... on Topic {
            name
          }
          ... on Author {
            name
          }
          ... on Venue {
            name
          }
        }
      }
    }
  }
`);
