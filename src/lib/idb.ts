/**
 * The little of IndexedDB the site uses: one object store in a database of its own, opened for
 * each transaction and closed after it. Storage can be unavailable (private windows, blocked
 * storage, a browser without IndexedDB): every call then resolves with null, never throws, and
 * the callers carry on without keeping anything.
 */

export interface Store {
  /** The database's name; its one object store has the same version forever (1). */
  db: string;
  store: string;
}

function open({ db, store }: Store): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const request = indexedDB.open(db, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null); // storage blocked by the browser's settings
    }
  });
}

/**
 * Run `act` in one transaction on `where`'s store: resolves with what `act` passed to `done`
 * once the transaction has committed, or null where storage is unavailable or it failed.
 */
export async function transact<T>(
  where: Store,
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore, done: (value: T) => void) => void,
): Promise<T | null> {
  const db = await open(where);
  if (!db) return null;
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(where.store, mode);
      let result: T | null = null;
      act(tx.objectStore(where.store), (value) => (result = value));
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => resolve(null);
      tx.onabort = () => resolve(null);
    } catch {
      resolve(null);
    } finally {
      db.close(); // closes once the transaction is done
    }
  });
}
