export { HistoryWriter, type HistoryWriterOptions } from './writer';
export { HistoryStore, MAX_AROUND, type AroundResult, type LogAnchor } from './store';
export { DEFAULT_HISTORY, historyOptions, historySettings, type HistorySettings } from './options';
export { HistoryThread, type HistoryReads } from './thread-client';
