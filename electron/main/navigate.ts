/**
 * Sends a message to the window's page once it can receive it. A window created (or reloading)
 * just now has no page yet: a message sent before `did-finish-load` is lost, so it waits for it.
 */
export interface PageContents {
  isLoading(): boolean;
  isDestroyed(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
  send(channel: string, payload: unknown): void;
}

export function sendWhenLoaded(
  contents: PageContents,
  channel: string,
  payload: unknown,
  freshlyCreated: boolean,
): void {
  const send = (): void => {
    if (!contents.isDestroyed()) contents.send(channel, payload);
  };
  if (freshlyCreated || contents.isLoading()) contents.once('did-finish-load', send);
  else send();
}
