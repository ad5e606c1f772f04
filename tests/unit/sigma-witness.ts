/**
 * Builds, for a shipped Sigma rule, events in documented log formats from the rule's own detection
 * values: a witness that should match, the same event with the first value it relies on replaced
 * (a near miss that should not), and the format's benign baseline (should not match). Text lines
 * go through Vigil's own parser, so keyword rules see the message Vigil really gives them; access
 * logs get their ECS fields as the normalisation agreed between branches will give them.
 */
import { parseText } from '../../core/parse';
import { parseCondition, type ConditionNode } from '../../core/rules/sigma/condition';
import { resolverFor } from '../../core/rules/sigma/logsource';
import type { SigmaEvent, SigmaFieldValue, SigmaLogsource } from '../../core/rules/sigma/types';
import { parseSigmaString } from '../../core/rules/sigma/wildcard';

type Detection = Record<string, unknown>;
type Fields = Record<string, SigmaFieldValue>;

/** Strings the one shipped `re` value matches (the regex is not inverted automatically). */
const REGEX_WITNESSES: Readonly<Record<string, string>> = {
  '(?i)(ipfs\\.io/|ipfs\\.io\\s).+\\..+@.+\\.[a-z]+':
    'https://ipfs.io/ipfs/bafy/login.html#victim@example.com',
};
const BROKEN = 'vigilbenignvalue';

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Which identifiers must be true or false for the condition to hold (first alternative of an or). */
function requirements(node: ConditionNode, want: boolean, names: string[], out: Map<string, boolean>): void {
  const glob = (pattern: string | null): string[] =>
    names.filter((n) =>
      pattern === null ? !n.startsWith('_') : new RegExp(`^${pattern.split('*').join('.*')}$`).test(n),
    );
  switch (node.kind) {
    case 'ref':
      out.set(node.name, want);
      return;
    case 'not':
      requirements(node.item, !want, names, out);
      return;
    case 'and':
    case 'or': {
      const every = (node.kind === 'and') === want;
      for (const item of every ? node.items : node.items.slice(0, 1)) requirements(item, want, names, out);
      return;
    }
    case 'of': {
      const matched = glob(node.pattern);
      const every = (node.quantifier === 'all') === want;
      for (const name of every ? matched : matched.slice(0, 1)) out.set(name, want);
    }
  }
}

function plain(value: unknown): string {
  return parseSigmaString(String(value))
    .map((s) => (s.kind === 'text' ? s.text : s.kind === 'one' ? 'x' : ''))
    .join('');
}

function textFor(value: unknown, modifiers: string[]): string {
  if (modifiers.includes('re')) {
    if (value === BROKEN) return BROKEN;
    const witness = REGEX_WITNESSES[String(value)];
    if (witness === undefined) throw new Error(`no witness for regex ${String(value)}`);
    return witness;
  }
  const text = plain(value);
  if (modifiers.includes('contains')) return `zq ${text} zq`;
  if (modifiers.includes('startswith')) return `${text}zq`;
  if (modifiers.includes('endswith')) return `zq/${text}`;
  return text;
}

interface Draft {
  keywords: string[];
  /** Sigma field name → value (null: absent). */
  fields: Map<string, string | null>;
  broken: boolean;
}

function addItem(draft: Draft, key: string, value: unknown): void {
  const [field = '', ...modifiers] = key.split('|');
  let values = modifiers.includes('all') ? list(value) : list(value).slice(0, 1);
  const breakThis = !draft.broken;
  draft.broken = true;
  if (field === '') {
    if (breakThis) values = [BROKEN, ...values.slice(1)];
    draft.keywords.push(...values.map(plain));
    return;
  }
  const first = values[0];
  if (modifiers.includes('cidr')) {
    draft.fields.set(field, breakThis ? '203.0.113.9' : String(first).replace(/\.0\/\d+$/, '.1'));
    return;
  }
  if (modifiers.includes('exists')) {
    draft.fields.set(field, (first === true) !== breakThis ? 'present' : null);
    return;
  }
  if (first === null) {
    draft.fields.set(field, breakThis ? BROKEN : null);
    return;
  }
  if (breakThis) values = [BROKEN, ...values.slice(1)];
  const text = values.map((v) => textFor(v, modifiers)).join(' ');
  const existing = draft.fields.get(field);
  draft.fields.set(field, existing === undefined || existing === null ? text : `${existing} ${text}`);
}

function addIdentifier(draft: Draft, value: unknown): void {
  if (isMap(value)) {
    for (const [key, v] of Object.entries(value)) addItem(draft, key, v);
  } else if (Array.isArray(value) && value.every(isMap)) {
    addIdentifier(draft, value[0]);
  } else {
    addItem(draft, '', list(value).slice(0, 1));
  }
}

/** Gives the fields of an identifier that must be false values it cannot match. */
function negate(draft: Draft, value: unknown): void {
  for (const map of list(value).filter(isMap)) {
    for (const [key, v] of Object.entries(map)) {
      const [field = '', ...modifiers] = key.split('|');
      if (field === '' || draft.fields.has(field)) continue;
      const first = list(v)[0];
      if (modifiers.includes('exists')) draft.fields.set(field, first === true ? null : 'present');
      else if (modifiers.includes('cidr')) draft.fields.set(field, '203.0.113.9');
      else draft.fields.set(field, typeof first === 'number' ? String(first + 1) : BROKEN);
    }
  }
}

function draftOf(detection: Detection, breakFirst: boolean): Draft {
  const names = Object.keys(detection).filter((k) => k !== 'condition');
  const want = new Map<string, boolean>();
  const condition = list(detection.condition)[0] as string;
  requirements(parseCondition(condition), true, names, want);
  const draft: Draft = { keywords: [], fields: new Map(), broken: !breakFirst };
  for (const [name, must] of want) if (must) addIdentifier(draft, detection[name]);
  for (const [name, must] of want) if (!must) negate(draft, detection[name]);
  return draft;
}

const META = { topic: 'logs', partition: 0, offset: '0', timestamp: Date.UTC(2023, 11, 21, 16, 42, 19) };

function parsed(line: string): SigmaEvent {
  const outcome = parseText(line, META);
  if (!outcome.ok) throw new Error(`Vigil's parser refused ${line}: ${outcome.issue.kind}`);
  return { message: outcome.record.message, fields: outcome.record.fields };
}

const BENIGN_WEB: Fields = {
  'source.ip': '192.0.2.10',
  'http.request.method': 'GET',
  'url.original': '/index.html',
  'url.path': '/index.html',
  'url.domain': 'www.example.com',
  'url.extension': 'html',
  'http.version': '1.1',
  'http.response.status_code': 200,
  'http.response.body.bytes': 5120,
  'http.request.referrer': 'https://www.example.com/',
  'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
  'destination.ip': '198.51.100.20',
};

/** nginx/Apache "combined" format: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`. */
function accessEvent(ls: SigmaLogsource, draft: Draft): SigmaEvent {
  const { resolve } = resolverFor(ls);
  const fields: Fields = { ...BENIGN_WEB };
  if (ls.category === 'proxy') fields['url.original'] = 'http://www.example.com/index.html';
  for (const [sigma, value] of draft.fields) {
    const name = resolve(sigma);
    if (name === null) throw new Error(`unmapped ${sigma}`);
    if (value === null) delete fields[name];
    else fields[name] = name === 'http.response.status_code' ? Number(value) || value : value;
  }
  if (draft.keywords.length > 0)
    fields['url.original'] = `${String(fields['url.original'])}?q=${draft.keywords.join('&')}`;
  const dash = (name: string): string => String(fields[name] ?? '-');
  const line =
    `${dash('source.ip')} - - [21/Dec/2023:16:42:19 +0000] "${dash('http.request.method')} ${dash('url.original')} HTTP/1.1" ` +
    `${dash('http.response.status_code')} 5120 "${dash('http.request.referrer')}" "${dash('user_agent.original')}"`;
  return { message: parsed(line).message, fields };
}

/** A Kubernetes audit.k8s.io/v1 Event (JSON, one per line), read by Vigil's JSON parser. */
function auditEvent(draft: Draft): SigmaEvent {
  const flat: Fields = {
    verb: 'get',
    requestURI: '/api/v1/namespaces/default/configmaps/app-config',
    userAgent: 'kubectl/v1.29.0 (linux/amd64) kubernetes/3f7a50f',
    'objectRef.resource': 'configmaps',
    'objectRef.namespace': 'default',
    'objectRef.name': 'app-config',
    'objectRef.apiVersion': 'v1',
    'responseStatus.code': 200,
    'user.username': 'deploy-bot',
  };
  for (const [field, value] of draft.fields) {
    if (value === null) delete flat[field];
    else flat[field] = field === 'responseStatus.code' ? Number(value) || value : value;
  }
  const event: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    stage: 'ResponseComplete',
  };
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = event;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1] as string] = value;
  }
  return parsed(JSON.stringify(event));
}

/** A text line of the logsource's documented format carrying `text`. */
function textLine(ls: SigmaLogsource, text: string): string {
  if (ls.service === 'apache')
    return `[Thu Dec 21 16:42:19.123456 2023] [core:notice] [pid 1337:tid 140] ${text}`;
  if (ls.service === 'nginx') return `2023/12/21 16:42:19 [alert] 1337#1337: ${text}`;
  if (ls.product === 'linux') return `Dec 21 16:42:19 web01 ${ls.service ?? 'kernel'}[1337]: ${text}`;
  return `2023-12-21 16:42:19,123 ERROR [http-nio-8080-exec-1] com.example.${ls.product ?? 'app'}.Handler - ${text}`;
}

const BENIGN_TEXT = 'request completed in 12 ms for user deploy from 192.0.2.10';

function eventOf(ls: SigmaLogsource, draft: Draft): SigmaEvent {
  if (ls.category === 'webserver' || ls.category === 'proxy') return accessEvent(ls, draft);
  if (ls.product === 'kubernetes') return auditEvent(draft);
  // Real lines have words before and after the matched ones (a keyword may start or end with a
  // space, and Vigil's parser trims the message).
  const text = draft.keywords.length > 0 ? `session 42: ${draft.keywords.join(' ')} (pid 4242)` : BENIGN_TEXT;
  return parsed(textLine(ls, text));
}

export interface Witnesses {
  positive: SigmaEvent;
  nearMiss: SigmaEvent;
  baseline: SigmaEvent;
}

export function witnessesFor(ls: SigmaLogsource, detection: Detection): Witnesses {
  return {
    positive: eventOf(ls, draftOf(detection, false)),
    nearMiss: eventOf(ls, draftOf(detection, true)),
    baseline: eventOf(ls, { keywords: [], fields: new Map(), broken: true }),
  };
}
