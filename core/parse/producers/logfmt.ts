/** Producers writing logfmt: the Heroku router, go-kit, logrus (dockerd, containerd), slog text handlers (generic). */
import type { ProducerShape } from './types';

export const LOGFMT_SHAPES: readonly ProducerShape[] = [
  {
    id: 'heroku-router',
    title: 'Heroku router (at=, code=, desc=, method=, path=, host=, fwd=, dyno=, service=, status=)',
    reference: 'https://devcenter.heroku.com/articles/http-routing#heroku-router-log-format',
    requires: ['at', 'method', 'path', 'dyno', 'status'],
    roles: {
      level: ['at'],
      message: ['desc'],
      serviceFallback: ['dyno'],
    },
    // `service=30000ms` is the time the app took, `host=` the HTTP Host header: neither is a role.
    notRoles: ['service', 'host'],
    rename: {
      method: 'http.request.method',
      path: 'url.path',
      host: 'url.domain',
      fwd: 'source.ip',
      status: 'http.response.status_code',
      bytes: 'http.response.body.bytes',
      request_id: 'http.request.id',
      protocol: 'url.scheme',
    },
  },
  {
    id: 'go-kit',
    title: 'go-kit log (logfmt: ts, caller, level, component, msg, err)',
    reference: 'https://pkg.go.dev/github.com/go-kit/log#NewLogfmtLogger; github.com/go-kit/log/level',
    requires: ['caller'],
    roles: {
      time: ['ts'],
      level: ['level'],
      message: ['msg'],
      service: ['service'],
      serviceFallback: ['component', 'logger'],
      errorMessage: ['err', 'error'],
    },
  },
  {
    // logrus's TextFormatter without a terminal (time="..." level=... msg="..."): dockerd, containerd
    // and many Go daemons write it to the journal, so it is also read behind a syslog header.
    id: 'logrus',
    title: 'logrus TextFormatter (logfmt: time, level, msg, error)',
    reference:
      'https://github.com/sirupsen/logrus/blob/master/text_formatter.go (FieldKeyTime "time", FieldKeyLevel "level", FieldKeyMsg "msg"; ErrorKey "error")',
    requires: ['time', 'level', 'msg'],
    roles: {
      time: ['time'],
      level: ['level'],
      message: ['msg'],
      errorMessage: ['error', 'err'],
    },
  },
];
