/**
 * Data types that cross a process boundary (engine → Electron main → renderer, host → browser).
 * Every type is a zod schema first, so that each boundary can validate what it receives;
 * the TypeScript type is inferred from the schema and never written twice.
 *
 * This folder must stay free of Node, Electron and DOM imports: the renderer bundles it.
 *
 * The types live in modules by subject; this file gathers them, so that every importer reads them
 * from one place.
 */
export * from './vocabulary';
export * from './stats';
export * from './log-record';
export * from './alert';
export * from './incident';
export * from './live';
export * from './model-status';
