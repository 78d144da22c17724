/** See malloc.js. */
export declare const MALLOC_TUNING: Readonly<Record<string, string>>;
