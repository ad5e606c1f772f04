/** The browser's WebSocket behind the `SocketFactory` seam used by `ws-client`. */
import type { SocketFactory } from './ws-client';

export const openBrowserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => handlers.onOpen());
  socket.addEventListener('message', (event: MessageEvent) => handlers.onMessage(event.data));
  // 'error' is always followed by 'close', which carries the code; handling both would retry twice.
  socket.addEventListener('close', (event: CloseEvent) => handlers.onClose(event.code, event.reason));
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
  };
};
