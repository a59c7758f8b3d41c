/** The journal reader lives in the top-level `journal/` module. */
export * from '../../journal/reader.js';
