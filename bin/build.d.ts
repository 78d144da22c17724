export declare const ROOT: string;
export declare const DIST: string;
export declare function isStale(): boolean;
export declare function buildDrift(sources: string[], outputs: string[]): { missing: string[]; stale: string[] };
export declare function build(): boolean;
export declare function ensureBuilt(): boolean;
