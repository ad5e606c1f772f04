/**
 * The headless host prints a URL with `?token=…`. On load the token moves from the address bar to
 * sessionStorage (scoped to this tab, gone when it closes) so that it does not linger in history,
 * bookmarks or screenshots. The seams (`StorageLike`, `replaceUrl`) keep this free of the DOM.
 */
export const TOKEN_PARAM = 'token';
export const TOKEN_STORAGE_KEY = 'vigil.token';
/** Tokens are opaque, but anything this long or containing whitespace is not one. */
const MAX_TOKEN_LENGTH = 512;

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function usable(token: string | null): string | null {
  if (token === null) return null;
  const trimmed = token.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TOKEN_LENGTH || /\s/.test(trimmed)) return null;
  return trimmed;
}

/**
 * Returns the token to connect with: from the URL if present (storing it and rewriting the address
 * without it), else the one stored earlier in this tab, else null.
 */
export function takeToken(
  href: string,
  storage: StorageLike,
  replaceUrl: (url: string) => void,
): string | null {
  const url = new URL(href);
  if (url.searchParams.has(TOKEN_PARAM)) {
    const fromUrl = usable(url.searchParams.get(TOKEN_PARAM));
    url.searchParams.delete(TOKEN_PARAM);
    replaceUrl(url.pathname + url.search + url.hash);
    if (fromUrl !== null) {
      storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
      return fromUrl;
    }
  }
  return usable(storage.getItem(TOKEN_STORAGE_KEY));
}

/**
 * What the user pasted on the "no token" screen: the whole URL printed by `npm run serve`, or just
 * the token. Returns null when neither yields a usable token.
 */
export function tokenFromPaste(text: string): string | null {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      return usable(new URL(trimmed).searchParams.get(TOKEN_PARAM));
    } catch {
      return null;
    }
  }
  return usable(trimmed);
}

export function forgetToken(storage: StorageLike): void {
  storage.removeItem(TOKEN_STORAGE_KEY);
}
