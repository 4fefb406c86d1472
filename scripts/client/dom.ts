// Small helpers shared by the browser modules: remembered choices and spoken announcements.

/** localStorage, or nothing when the browser refuses it (private modes, disabled storage). */
export function remembered(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function remember(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // The choice still applies to this page; it just will not be remembered.
  }
}

let region: HTMLElement | undefined;
let pending: number | undefined;

/**
 * Tells screen-reader users what just happened (e.g. which change they moved to).
 * One polite live region inside <main>, created once, before the first message.
 */
export function announce(message: string): void {
  if (!region) {
    region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.dataset.announcer = "";
    (document.querySelector("main") ?? document.body).append(region);
  }
  // Clearing first makes the same message be read again when it repeats. A message still
  // waiting is dropped: after quick key presses only where the reader ended up is read.
  region.textContent = "";
  const target = region;
  window.clearTimeout(pending);
  pending = window.setTimeout(() => {
    target.textContent = message;
  }, 50);
}

/** True when a key press belongs to a form field rather than to the page. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["radio", "checkbox", "button", "submit", "reset"].includes(target.type);
  }
  return false;
}
