import { describe, expect, it } from 'vitest';
import { parseText } from '../../core/parse';

const KAFKA_TS = Date.UTC(2024, 9, 20, 0, 0, 0);
const meta = { topic: 'security', partition: 1, offset: '3', timestamp: KAFKA_TS };

function record(text: string) {
  const outcome = parseText(text, meta);
  if (!outcome.ok) throw new Error(`rejected: ${outcome.issue.kind}`);
  expect(outcome.warnings).toEqual([]);
  return outcome.record;
}

describe('syslog RFC 5424', () => {
  it('parses the RFC example with structured data and a BOM message', () => {
    const r = record(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry',
    );
    expect(r).toMatchObject({
      format: 'syslog5424',
      time: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      level: 'info', // 165 = local4.notice
      host: 'mymachine.example.com',
      service: 'evntslog',
      message: 'An application event log entry',
    });
    expect(r.fields).toEqual({
      facility: 'local4',
      msgid: 'ID47',
      'exampleSDID@32473.iut': '3',
      'exampleSDID@32473.eventSource': 'Application',
      'exampleSDID@32473.eventID': '1011',
    });
  });

  it('reads nil values and escaped quotes in SD params', () => {
    const r = record('<11>1 - - - 42 - [x@1 q="a \\"b\\" \\] c"] disk failure');
    expect(r).toMatchObject({
      level: 'error',
      host: null,
      service: null,
      time: KAFKA_TS,
      message: 'disk failure',
    });
    expect(r.fields).toEqual({ facility: 'user', pid: '42', 'x@1.q': 'a "b" ] c' });
  });

  it('keeps the text of a truncated header as the message', () => {
    const r = record('<34>1 2003-10-11T22:14:15.003Z mymachine');
    expect(r).toMatchObject({
      format: 'syslog5424',
      level: 'error', // auth.crit
      message: '2003-10-11T22:14:15.003Z mymachine',
    });
  });
});

describe('syslog RFC 3164', () => {
  it('parses PRI, BSD timestamp (year from the Kafka timestamp), host, tag and pid', () => {
    const r = record(
      '<38>Oct  9 22:14:15 mymachine sshd[4721]: Failed password for root from 10.0.0.5 port 22 ssh2',
    );
    expect(r).toMatchObject({
      format: 'syslog3164',
      time: Date.UTC(2024, 9, 9, 22, 14, 15),
      level: 'info', // 38 = auth.info
      host: 'mymachine',
      service: 'sshd',
      message: 'Failed password for root from 10.0.0.5 port 22 ssh2',
    });
    expect(r.fields).toEqual({ facility: 'auth', pid: '4721' });
  });

  it('puts a December line read in January into the previous year', () => {
    const outcome = parseText('<13>Dec 31 23:59:59 h app: bye', {
      ...meta,
      timestamp: Date.UTC(2025, 0, 1, 0, 5),
    });
    expect(outcome.ok && outcome.record.time).toBe(Date.UTC(2024, 11, 31, 23, 59, 59));
  });

  it('maps every severity', () => {
    const levels = [0, 1, 2, 3, 4, 5, 6, 7].map(
      (sev) => record(`<${8 + sev}>Oct 11 22:14:15 h app: m`).level,
    );
    // alert (1) and crit (2) are "act now", not "the process ended" (sudo logs at authpriv.alert).
    expect(levels).toEqual(['fatal', 'error', 'error', 'error', 'warn', 'info', 'info', 'debug']);
  });

  it('accepts a tag without a host, and a message without a header', () => {
    expect(record('<13>Oct 11 22:14:15 su: session opened')).toMatchObject({
      host: null,
      service: 'su',
      message: 'session opened',
    });
    expect(record('<13>just a message')).toMatchObject({
      format: 'syslog3164',
      service: null,
      message: 'just a message',
    });
  });

  it('keeps a truncated line as the message with the PRI level', () => {
    expect(record('<34>Oct 11 22:14')).toMatchObject({
      format: 'syslog3164',
      level: 'error', // auth.crit
      message: 'Oct 11 22:14',
      time: KAFKA_TS,
    });
  });

  it('treats an invalid PRI as plain text', () => {
    expect(record('<999>Oct 11 22:14:15 h app: m').format).toBe('plain');
    expect(record('<html> not syslog').format).toBe('plain');
  });
});
