/**
 * A tiny event emitter in the spirit of mitt. A handler that throws does not stop the others or
 * the SDK: its error is rethrown on a fresh task, where the page's error reporting sees it.
 */
export function createEmitter() {
  /** @type {Map<string, Set<Function>>} */
  const handlers = new Map();
  return {
    on(type, handler) {
      if (!handlers.has(type)) handlers.set(type, new Set());
      handlers.get(type).add(handler);
    },
    off(type, handler) {
      handlers.get(type)?.delete(handler);
    },
    emit(type, payload) {
      for (const handler of [...(handlers.get(type) || [])]) {
        try {
          handler(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
    },
    clear() {
      handlers.clear();
    },
  };
}
