import { describe, expect, it } from 'vitest';
import { parseText } from '../../core/parse';

const KAFKA_TS = Date.UTC(2024, 5, 30, 12, 0, 0);
const meta = { topic: 'logs', partition: 0, offset: '1', timestamp: KAFKA_TS };

function record(text: string) {
  const outcome = parseText(text, meta);
  if (!outcome.ok) throw new Error(`rejected: ${outcome.issue.kind}`);
  expect(outcome.warnings).toEqual([]);
  expect(outcome.record.format).toBe('plain');
  return outcome.record;
}

describe('plain text: Loghub header styles', () => {
  it('Hadoop: ISO with comma millis, level, [thread]', () => {
    const r = record(
      '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
    );
    expect(r).toMatchObject({ time: Date.UTC(2015, 9, 18, 18, 1, 47, 978), level: 'info' });
    expect(r.fields).toEqual({ component: 'main' });
    expect(r.message).toBe(
      'org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
    );
  });

  it('ZooKeeper: " - LEVEL  [nested[brackets]@774] - message"', () => {
    const r = record(
      '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    );
    expect(r).toMatchObject({ level: 'info', message: 'Notification time out: 3200' });
    expect(r.fields.component).toBe('QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774');
  });

  it('Spark: YY/MM/DD', () => {
    const r = record('17/06/09 20:10:40 WARN spark.SecurityManager: Changing view acls to: yarn,curi');
    expect(r).toMatchObject({
      time: Date.UTC(2017, 5, 9, 20, 10, 40),
      level: 'warn',
      message: 'spark.SecurityManager: Changing view acls to: yarn,curi',
    });
  });

  it('HDFS: YYMMDD HHMMSS pid LEVEL', () => {
    const r = record(
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
    );
    expect(r).toMatchObject({ time: Date.UTC(2008, 10, 9, 20, 36, 15), level: 'info' });
    expect(r.fields).toEqual({ header: '148' });
    expect(r.message.startsWith('dfs.DataNode$PacketResponder: PacketResponder 1')).toBe(true);
  });

  it('Android: MM-DD with millis, pid tid and a one-letter level', () => {
    const r = record('03-17 16:13:38.811  1702  2395 E WindowManager: Window freeze timeout expired.');
    expect(r).toMatchObject({
      time: Date.UTC(2024, 2, 17, 16, 13, 38, 811),
      level: 'error',
      message: 'WindowManager: Window freeze timeout expired.',
    });
    expect(r.fields).toEqual({ header: '1702 2395' });
  });

  it('Apache: bracketed ctime and bracketed lowercase level', () => {
    const r = record('[Sun Dec 04 04:51:18 2005] [error] mod_jk child workerEnv in error state 6');
    expect(r).toMatchObject({
      time: Date.UTC(2005, 11, 4, 4, 51, 18),
      level: 'error',
      message: 'mod_jk child workerEnv in error state 6',
    });
  });

  it('BGL: label, epoch seconds, uppercase header tokens before the level', () => {
    const r = record(
      'KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt',
    );
    expect(r).toMatchObject({ time: 1118536327000, level: 'fatal', message: 'data TLB error interrupt' });
    expect(r.fields.prefix).toBe('KERNDTLB');
  });

  it('OpenStack: a file-name prefix before the timestamp', () => {
    const r = record(
      'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:20.345 2931 WARNING nova.virt.libvirt.imagecache [req-addc1839] Unknown base file: /var/lib/nova/instances/_base/a489',
    );
    expect(r).toMatchObject({ time: Date.UTC(2017, 4, 16, 0, 0, 20, 345), level: 'warn' });
    expect(r.fields).toEqual({ prefix: 'nova-compute.log.1.2017-05-16_13:55:31', header: '2931' });
  });

  it('Windows: comma after the time and a capitalized level', () => {
    expect(record('2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack')).toMatchObject({
      time: Date.UTC(2016, 8, 28, 4, 30, 30),
      level: 'info',
      message: 'CBS    Loaded Servicing Stack',
    });
  });

  it('HealthApp and Proxifier: compact and bracketed month.day timestamps, no level', () => {
    expect(record('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579')).toMatchObject({
      time: Date.UTC(2017, 11, 23, 22, 15, 29, 606),
      level: null,
      message: 'Step_LSC|30002312|onStandStepChanged 3579',
    });
    expect(
      record('[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy'),
    ).toMatchObject({
      time: Date.UTC(2023, 9, 30, 16, 49, 6), // year inferred: Oct 30 2024 would be after the Kafka time
      level: null,
      message: 'chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy',
    });
  });

  it('syslog files (Linux, OpenSSH, Mac): host, tag as service, pid', () => {
    const r = record(
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
    );
    expect(r).toMatchObject({
      time: Date.UTC(2024, 5, 14, 15, 16, 1),
      host: 'combo',
      service: 'sshd(pam_unix)',
      level: null,
    });
    expect(r.fields).toEqual({ pid: '19939' });
    expect(r.message).toBe(
      'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
    );
    // A level word opening the message after the tag is read as the level; the message stays as
    // the daemon wrote it (issue 15: the text is kept as the producer sent it).
    expect(
      record(
        'Dec 10 09:32:20 LabSZ sshd[24680]: error: Received disconnect from 1.2.3.4: 3: Auth fail [preauth]',
      ),
    ).toMatchObject({
      level: 'error',
      message: 'error: Received disconnect from 1.2.3.4: 3: Auth fail [preauth]',
    });
  });
});

describe('plain text: level words without a timestamp', () => {
  it.each([
    ['ERROR disk full', 'error', 'disk full'],
    ['WARN: retrying', 'warn', 'retrying'],
    ['[warning] low memory', 'warn', 'low memory'],
    ['[main] INFO started', 'info', 'started'],
    ['<ERROR> boom', 'error', 'boom'],
    ['error: cannot open file', 'error', 'cannot open file'],
  ])('%s', (text, level, message) => {
    expect(record(text)).toMatchObject({ level, message, time: KAFKA_TS });
  });

  it('does not mistake prose for a header', () => {
    expect(record('error connecting to db')).toMatchObject({
      level: null,
      message: 'error connecting to db',
    });
    expect(record('A user logged in')).toMatchObject({ level: null, message: 'A user logged in' });
    expect(record('2024-06-30 10:00:00 I am here')).toMatchObject({ level: null, message: 'I am here' });
  });

  it('keeps a line that is only a level word as its message', () => {
    expect(record('ERROR')).toMatchObject({ level: 'error', message: 'ERROR' });
  });

  it('costs nothing extra for an enormous single token', () => {
    const token = 'x'.repeat(1_000_000);
    expect(record(token).message.length).toBe(1_000_000);
    expect(record(`2024-06-30 10:00:00 ${token}`).message.length).toBe(1_000_000);
    expect(record('['.repeat(500_000)).level).toBeNull();
  });
});
