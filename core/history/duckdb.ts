/**
 * @duckdb/node-api, loaded on first use instead of at module load (as onnxruntime-node is): its
 * native binding can be missing for a platform, and a top-level import would then stop the engine
 * from starting at all. Loaded here, a failure turns the history off with the reason health shows.
 */
import type * as DuckDB from '@duckdb/node-api';

export type DuckDBModule = typeof DuckDB;

let loaded: DuckDBModule | null = null;

export async function loadDuckDB(
  load: () => Promise<unknown> = () => import('@duckdb/node-api'),
): Promise<DuckDBModule> {
  if (loaded) return loaded;
  try {
    const mod = (await load()) as DuckDBModule & { default?: DuckDBModule };
    // A CommonJS module imported from ESM may arrive as its default export only.
    const resolved = typeof mod.DuckDBInstance === 'function' ? mod : mod.default;
    if (!resolved || typeof resolved.DuckDBInstance !== 'function')
      throw new Error('the module has no DuckDBInstance');
    loaded = resolved;
    return loaded;
  } catch (error) {
    const reason = String((error as Error).message ?? error)
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    throw new Error(`@duckdb/node-api cannot be loaded on ${process.platform}/${process.arch} (${reason})`);
  }
}
