// The part of the stopword package (3.x, no types of its own) the store uses.
declare module 'stopword' {
  /** English stop words, lower case. */
  export const eng: string[];
}
