/** Web servers writing JSON access logs with their own variable names, renamed to ECS. */
import type { ProducerShape } from './types';

export const WEB_SHAPES: readonly ProducerShape[] = [
  {
    // `log_format name escape=json '{"remote_addr":"$remote_addr","request_uri":"$request_uri",...}'`:
    // the keys are nginx's variable names. Renamed to ECS, the same rules, Sigma web rules and
    // numeric signals read them as they read the combined format's fields.
    id: 'nginx-json-access',
    title: 'nginx JSON access log (log_format escape=json with nginx variable names)',
    reference:
      'https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format (escape=json); https://nginx.org/en/docs/varindex.html',
    requires: ['remote_addr', 'status'],
    anyOf: ['request_uri', 'uri', 'request'],
    roles: {
      time: ['time_iso8601', 'time', 'time_local', '@timestamp', 'timestamp'],
    },
    rename: {
      remote_addr: 'source.ip',
      request_method: 'http.request.method',
      request_uri: 'url.original',
      uri: 'url.path',
      args: 'url.query',
      status: 'http.response.status_code',
      body_bytes_sent: 'http.response.body.bytes',
      http_user_agent: 'user_agent.original',
      http_referer: 'http.request.referrer',
      remote_user: 'user.name',
    },
  },
];
