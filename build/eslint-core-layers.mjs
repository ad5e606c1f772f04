// The layers of core/ (in the spirit of VS Code's layer checks): which core folder may import which.
// One table; the rule resolves every relative import of a core file to the core folder it lands in
// and refuses any folder the table does not list. Lower layers never import higher ones:
//   contract <- parse / patterns / inference / detect / telemetry / rules <- ingest / alerts <- cluster,
//   history <- engine <- host <- cli
import { dirname, relative, resolve, sep } from 'node:path';

const BELOW_ENGINE = [
  'contract',
  'parse',
  'patterns',
  'inference',
  'detect',
  'telemetry',
  'settings',
  'rules',
  'ingest',
  'alerts',
  'cluster',
  'history',
  'paths',
];

export const CORE_LAYERS = {
  contract: [],
  parse: ['contract'],
  patterns: ['contract'],
  // Experiments split traffic by the template ids' stable hash (patterns/template-id.ts).
  inference: ['contract', 'patterns'],
  detect: ['contract', 'patterns'],
  telemetry: ['contract'],
  settings: ['contract'],
  rules: ['contract', 'parse', 'patterns', 'paths'],
  ingest: ['contract', 'parse', 'paths'],
  alerts: ['contract', 'detect', 'rules', 'parse', 'patterns'],
  // Analyzers and consoles over Vigil's own Kafka topics (issue 19): Kafka clients from ingest, alert
  // types and grouping from alerts; the engine composes it.
  cluster: ['contract', 'ingest', 'alerts'],
  // The local log history (DuckDB): stores what ingest, parse and alerts produced; the engine feeds it.
  history: ['contract', 'parse', 'ingest', 'alerts', 'paths'],
  engine: BELOW_ENGINE,
  host: [...BELOW_ENGINE, 'engine'],
  // The `vigil` command is the top: it dispatches to the host (`vigil serve`) and analyzes files.
  cli: [...BELOW_ENGINE, 'engine', 'host'],
};

const coreRoot = resolve(import.meta.dirname, '..', 'core');

/** The core folder (or top-level core file) a path lies in, or null outside core/. */
function coreUnit(path) {
  const rel = relative(coreRoot, path);
  if (rel.startsWith('..') || rel === '') return null;
  return rel.split(sep)[0].replace(/\.ts$/, '');
}

const coreLayers = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { layer: '{{from}} may not import {{to}} (core layers: {{allowed}}).' },
  },
  create(context) {
    const from = coreUnit(context.filename);
    if (from === null || !(from in CORE_LAYERS)) return {};
    const allowed = new Set([from, ...CORE_LAYERS[from]]);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = coreUnit(resolve(dirname(context.filename), source));
      if (to === null || allowed.has(to)) return;
      context.report({
        node,
        messageId: 'layer',
        data: { from: `core/${from}`, to: `core/${to}`, allowed: [...allowed].join(', ') },
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const vigilPlugin = { rules: { 'core-layers': coreLayers } };
