/**
 * The dev sign-in session kept in localStorage: who is signed in and their
 * current token from the local identity provider. Sign out removes it.
 */
export type DevSession = { email: string; name: string; token: string; expiresAt: number };

const KEY = "ww.devSession";

export const devSessionStorage = {
  load(): DevSession | null {
    try {
      const raw = localStorage.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as DevSession;
      return s && typeof s.token === "string" && typeof s.email === "string" ? s : null;
    } catch {
      return null;
    }
  },
  save(session: DevSession) {
    localStorage.setItem(KEY, JSON.stringify(session));
  },
  clear() {
    localStorage.removeItem(KEY);
  },
};
