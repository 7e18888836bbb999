/** The last organisation chosen on this browser (organisation choice precedes per-organisation preferences). */
const KEY = "ww.organisationId";

export const organisationStorage = {
  load: (): string | null => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  save: (id: string) => localStorage.setItem(KEY, id),
};
