/** System producers writing JSON: rsyslog's JSON templates and systemd-journald's JSON export. */
import type { ProducerShape } from './types';

export const SYSTEM_SHAPES: readonly ProducerShape[] = [
  {
    id: 'journald',
    title: 'systemd-journald JSON export (journalctl -o json)',
    reference: 'https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html',
    requires: ['MESSAGE'],
    anyOf: ['__REALTIME_TIMESTAMP', '_HOSTNAME', 'PRIORITY', 'SYSLOG_IDENTIFIER'],
    roles: {
      time: ['__REALTIME_TIMESTAMP', '_SOURCE_REALTIME_TIMESTAMP'],
      level: ['PRIORITY'],
      message: ['MESSAGE'],
      serviceFallback: ['SYSLOG_IDENTIFIER', '_SYSTEMD_UNIT', '_COMM'],
      host: ['_HOSTNAME'],
    },
    levelScale: 'syslog',
  },
  {
    id: 'rsyslog-json',
    title:
      'rsyslog JSON templates (jsonf properties: syslogtag, programname, app-name, hostname, syslogseverity)',
    reference:
      'https://www.rsyslog.com/doc/reference/templates/templates-examples.html; https://www.rsyslog.com/doc/configuration/properties.html',
    requires: [],
    anyOf: ['syslog-tag', 'syslogtag', 'programname', 'app-name', 'syslogseverity', 'syslogfacility'],
    roles: {
      time: ['@timestamp', 'timereported', 'timestamp', 'timegenerated'],
      level: ['severity', 'syslogseverity', 'syslogseverity-text', 'severity-text'],
      message: ['message', 'msg'],
      serviceFallback: ['source', 'programname', 'app-name', 'program', 'syslog-tag', 'syslogtag', 'tag'],
      host: ['host', 'hostname', 'fromhost'],
    },
    levelScale: 'syslog',
  },
];
