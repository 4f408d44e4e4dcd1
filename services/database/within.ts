/**
 * A database answer within `ms`, or `fallback`: for checks at the start of a turn that must not
 * leave a resident waiting on a stalled server (the turn then meets the bounded state storage and
 * tells them to try again).
 */
export function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
