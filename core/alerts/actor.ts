/**
 * Who acts on alerts: the name set in Settings (`actorName`) when there is one, else the OS user
 * name. Decided on the engine's side: a request from a window never says who it is.
 * `os.userInfo()` can throw (a uid without a passwd entry in a container): then "unknown user".
 */
import { userInfo } from 'node:os';

export const UNKNOWN_ACTOR = 'unknown user';

export function resolveActor(
  actorName: string | null | undefined,
  osUser: () => string = () => userInfo().username,
): string {
  const set = actorName?.trim();
  if (set) return set.slice(0, 128);
  try {
    const name = osUser().trim();
    return name === '' ? UNKNOWN_ACTOR : name.slice(0, 128);
  } catch {
    return UNKNOWN_ACTOR;
  }
}
