/** The theme is an attribute on <html> (see styles/theme.css), remembered in localStorage. */
import type { StorageLike } from '../transport/token';
import type { Theme } from '../stores/ui';

export const THEME_STORAGE_KEY = 'vigil.theme';

export function storedTheme(storage: StorageLike | null): Theme {
  try {
    return storage?.getItem(THEME_STORAGE_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    // Storage can throw (disabled, sandboxed); the default is fine.
    return 'dark';
  }
}

export function rememberTheme(storage: StorageLike | null, theme: Theme): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembering a theme is not worth bothering the user about.
  }
}
