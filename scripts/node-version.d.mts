export declare const SUPPORTED: { major: number; minor: number };
export declare function nodeVersionProblem(version: string): string | undefined;
