// Types of tools/functions-build.js (plain CommonJS, run by webpack) for the tests.
/** The module src/functions/metadata.ts. */
export type Localizer = typeof import('../src/functions/metadata');
export function functionsMetadata(localizer?: Localizer): Promise<Record<string, string>>;
export function functionsConfig(mode: string, outDir: string): unknown;
export function buildFunctions(mode?: 'production' | 'development', localizer?: Localizer): Promise<Record<string, Buffer>>;
export class FunctionsPlugin {
  constructor(mode: string);
  apply(compiler: unknown): void;
}
