// The slice of the wink packages papergraph uses (they ship no type declarations).

declare module 'wink-lemmatizer' {
  const lemmatize: {
    /** "networks" → "network"; a word the lexicon does not know comes back as it is. */
    noun(word: string): string;
    verb(word: string): string;
    adjective(word: string): string;
  };
  export default lemmatize;
}

declare module 'wink-porter2-stemmer' {
  /** Porter2 (English) stem: "embeddings" → "embed". */
  const stem: (word: string) => string;
  export default stem;
}
