// Where a failure that nobody can observe goes (WaitGroup.go's throwing fn).
//
// Go crashes the program when a goroutine panics. Here the error is re-raised as
// an unhandled promise rejection, which Node reports and (by default) exits on,
// and browsers log. The task layer replaces the route with its panic handler.

let route: (error: unknown) => void = (error) => {
  void Promise.reject(error);
};

/** @internal Hand `error` to the current route. */
export function reportUnhandled(error: unknown): void {
  route(error);
}

/**
 * @internal Replace the route of unobservable failures (the task layer installs
 * its panic handler here) and return the previous one.
 */
export function setUnhandledRoute(next: (error: unknown) => void): (error: unknown) => void {
  const was = route;
  route = next;
  return was;
}
