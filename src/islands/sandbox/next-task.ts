/**
 * Resolve in a later task, so the work after `await nextTask()` does not lengthen the current
 * one. Tasks over 50 ms are what make a page ignore the reader's input, and what Lighthouse adds
 * up as blocking time. `scheduler.yield()` where the browser has it (the continuation then runs
 * ahead of other queued work), otherwise a zero timeout.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
