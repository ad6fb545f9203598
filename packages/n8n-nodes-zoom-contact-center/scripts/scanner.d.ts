/** The parts of @n8n/scan-community-package's scanner that scripts/scan.mts uses (it ships no types). */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
  export const SOURCE_FILE_PATTERNS: string[];
  export function analyzePackage(
    packageDir: string,
    filePatterns?: string[],
  ): Promise<{ passed: boolean; message?: string; details?: string }>;
}
