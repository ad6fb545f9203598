/** Types for scripts/build.mjs (imported by the bundle test). */
export function buildPackage(outDir?: string): Promise<void>;
export function rewriteZod(file: string, source: string): string;
