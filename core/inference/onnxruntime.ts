/**
 * onnxruntime-node, loaded on first use instead of at module load. Its native binding can fail to
 * load (binary missing, wrong architecture: onnxruntime-node 1.30 ships no darwin/x64 binary, so an
 * Intel Mac has none); a top-level import would then throw before the engine could fall back to the
 * keyword rules. Loaded here, the failure becomes a model-load error with a reason that health
 * shows, and the engine keeps running on rules.
 */
import type * as Ort from 'onnxruntime-node';

export type OnnxRuntime = typeof Ort;

let runtime: OnnxRuntime | null = null;
let failure: Error | null = null;

/** Where this process runs, as onnxruntime-node names its binary folders. */
const platform = (): string => `${process.platform}/${process.arch}`;

/** The module, loading it on first call; a load failure is remembered (retrying cannot help). */
export async function loadOnnxRuntime(
  load: () => Promise<unknown> = () => import('onnxruntime-node'),
): Promise<OnnxRuntime> {
  if (runtime) return runtime;
  if (failure) throw failure;
  try {
    const mod = (await load()) as OnnxRuntime & { default?: OnnxRuntime };
    // A CommonJS module imported from ESM may arrive as its default export only.
    const resolved = typeof mod.InferenceSession === 'function' ? mod : mod.default;
    if (!resolved || typeof resolved.InferenceSession !== 'function')
      throw new Error('the module has no InferenceSession');
    runtime = resolved;
    return runtime;
  } catch (error) {
    const reason = String((error as Error).message ?? error)
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    failure = new Error(`onnxruntime-node cannot be loaded on ${platform()} (${reason})`);
    throw failure;
  }
}

/** The loaded module; only valid once a session exists (which needed loadOnnxRuntime). */
export function loadedOnnxRuntime(): OnnxRuntime {
  if (!runtime) throw new Error('onnxruntime-node has not been loaded');
  return runtime;
}
