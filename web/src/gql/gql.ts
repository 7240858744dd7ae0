/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Search($query: String!, $types: [SearchableType!], $first: Int) {\n    search(query: $query, types: $types, first: $first) {\n      totalCount\n      countsByType {\n        type\n        count\n      }\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n        match\n        highlights {\n          field\n          snippet\n          ranges {\n            start\n            end\n          }\n        }\n        node {\n          __typename\n          id\n          ... on Paper {\n            title\n            year\n            arxivId\n            doi\n            venue {\n              id\n              name\n            }\n          }\n          ... on Concept {\n            name\n            slug\n            kind\n            paperCount\n          }\n          ... on Topic {\n            name\n            slug\n            paperCount\n          }\n          ... on Author {\n            name\n            slug\n            paperCount\n          }\n          ... on Venue {\n            name\n            slug\n            fullName\n            year\n            paperCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.SearchDocument,
};
const documents: Documents = {
    "\n  query Search($query: String!, $types: [SearchableType!], $first: Int) {\n    search(query: $query, types: $types, first: $first) {\n      totalCount\n      countsByType {\n        type\n        count\n      }\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n        match\n        highlights {\n          field\n          snippet\n          ranges {\n            start\n            end\n          }\n        }\n        node {\n          __typename\n          id\n          ... on Paper {\n            title\n            year\n            arxivId\n            doi\n            venue {\n              id\n              name\n            }\n          }\n          ... on Concept {\n            name\n            slug\n            kind\n            paperCount\n          }\n          ... on Topic {\n            name\n            slug\n            paperCount\n          }\n          ... on Author {\n            name\n            slug\n            paperCount\n          }\n          ... on Venue {\n            name\n            slug\n            fullName\n            year\n            paperCount\n          }\n        }\n      }\n    }\n  }\n": types.SearchDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($query: String!, $types: [SearchableType!], $first: Int) {\n    search(query: $query, types: $types, first: $first) {\n      totalCount\n      countsByType {\n        type\n        count\n      }\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n        match\n        highlights {\n          field\n          snippet\n          ranges {\n            start\n            end\n          }\n        }\n        node {\n          __typename\n          id\n          ... on Paper {\n            title\n            year\n            arxivId\n            doi\n            venue {\n              id\n              name\n            }\n          }\n          ... on Concept {\n            name\n            slug\n            kind\n            paperCount\n          }\n          ... on Topic {\n            name\n            slug\n            paperCount\n          }\n          ... on Author {\n            name\n            slug\n            paperCount\n          }\n          ... on Venue {\n            name\n            slug\n            fullName\n            year\n            paperCount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Search($query: String!, $types: [SearchableType!], $first: Int) {\n    search(query: $query, types: $types, first: $first) {\n      totalCount\n      countsByType {\n        type\n        count\n      }\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n        match\n        highlights {\n          field\n          snippet\n          ranges {\n            start\n            end\n          }\n        }\n        node {\n          __typename\n          id\n          ... on Paper {\n            title\n            year\n            arxivId\n            doi\n            venue {\n              id\n              name\n            }\n          }\n          ... on Concept {\n            name\n            slug\n            kind\n            paperCount\n          }\n          ... on Topic {\n            name\n            slug\n            paperCount\n          }\n          ... on Author {\n            name\n            slug\n            paperCount\n          }\n          ... on Venue {\n            name\n            slug\n            fullName\n            year\n            paperCount\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;