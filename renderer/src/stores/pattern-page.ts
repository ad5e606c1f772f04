/**
 * The Patterns view's page of templates, asked of the engine (`patterns:list` with paging and
 * filters), so that every template the engine counts (up to 10,000) can be reached, not only the
 * top ones the event stream carries.
 */
import { create } from 'zustand';
import type { PatternPage } from '../../../core/contract';
import { runCommand } from '../transport/session';

export const PATTERN_PAGE_SIZE = 200;

export interface PatternPageState {
  text: string;
  service: string;
  offset: number;
  page: PatternPage | null;
  loading: boolean;
}

export const usePatternPageStore = create<PatternPageState>(() => ({
  text: '',
  service: '',
  offset: 0,
  page: null,
  loading: false,
}));

let asked = 0;

/** Asks for the current page; an answer that arrives after a newer question is dropped. */
export async function loadPatternPage(): Promise<void> {
  const { text, service, offset } = usePatternPageStore.getState();
  const question = ++asked;
  usePatternPageStore.setState({ loading: true });
  const page = await runCommand('patterns:list', {
    limit: PATTERN_PAGE_SIZE,
    offset,
    ...(text.trim() === '' ? {} : { text: text.trim().slice(0, 256) }),
    ...(service.trim() === '' ? {} : { service: service.trim().slice(0, 256) }),
  });
  if (question !== asked) return;
  usePatternPageStore.setState(page === null ? { loading: false } : { page, loading: false });
}

/** New filters start from the first page. */
export function setPatternFilters(patch: Partial<Pick<PatternPageState, 'text' | 'service'>>): void {
  usePatternPageStore.setState({ ...patch, offset: 0 });
}

export function turnPatternPage(step: 1 | -1): void {
  usePatternPageStore.setState((state) => {
    const total = state.page?.total ?? 0;
    const offset = Math.max(0, state.offset + step * PATTERN_PAGE_SIZE);
    return { offset: offset >= total && step > 0 ? state.offset : offset };
  });
}
