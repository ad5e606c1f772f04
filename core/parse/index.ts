export { parseMessage, parseObject, parseText, withTopicService } from './parse';
export { DataQualityTracker, DEFAULT_RECENT_ISSUES, type DataQualitySnapshot } from './data-quality';
export {
  DATA_QUALITY_KINDS,
  DEFAULT_MAX_BYTES,
  REJECTED_KINDS,
  type DataQualityIssue,
  type DataQualityKind,
  type ParseMeta,
  type ParseOptions,
  type ParseOutcome,
} from './types';
export { safeSample, SAMPLE_MAX_CHARS } from './sample';
