// What the signer has done so far, kept in sessionStorage so a reload (or a browser that drops a
// backgrounded tab) loses neither the handwriting nor the choices nor the pages already seen.
export function draftStore(key) {
  const read = () => { try { return JSON.parse(sessionStorage.getItem(key) || "{}"); } catch { return {}; } };
  return {
    get: read,
    /** Merge `patch` into the saved draft. */
    save(patch) {
      try { sessionStorage.setItem(key, JSON.stringify({ ...read(), ...patch })); } catch { /* storage full: keep going */ }
    },
    clear() { sessionStorage.removeItem(key); },
  };
}
