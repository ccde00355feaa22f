/**
 * The ribbon's Check now hands a register too large for its runtime over to the task pane: it leaves
 * a "pending check" in the workbook's settings (the SettingCollection both runtimes read), and the
 * pane, when it opens, checks that sheet in its worker and takes the note away. A note older than a
 * day is stale (the user has moved on) and is dropped without a check.
 */
import { saveStore, type SettingsStore } from '../excel/settings';

export const PENDING_CHECK_KEY = 'tizilim.pendingCheck';
/** A pending check older than this is dropped. */
export const PENDING_CHECK_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface PendingCheck {
  /** The sheet Check now was asked to check. */
  sheet: string;
  /** When (ISO). */
  at: string;
  /** Why it was handed over: too many cells, or the time Check now allows itself ran out. */
  why: 'size' | 'time';
}

/** The pending check on record, checked (what comes from a workbook is not trusted), or null. */
export function readPendingCheck(store: SettingsStore | null, now = Date.now()): PendingCheck | null {
  if (!store) return null;
  let raw: unknown;
  try {
    raw = store.get(PENDING_CHECK_KEY);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const p = raw as Partial<PendingCheck>;
  if (typeof p.sheet !== 'string' || p.sheet.length === 0 || p.sheet.length > 31) return null;
  if (typeof p.at !== 'string') return null;
  const at = Date.parse(p.at);
  if (!Number.isFinite(at) || now - at > PENDING_CHECK_MAX_AGE_MS || at - now > 60_000) return null;
  return { sheet: p.sheet, at: p.at, why: p.why === 'time' ? 'time' : 'size' };
}

/** Take the pending check (once): it is removed from the workbook whether it is still valid or not. */
export async function takePendingCheck(store: SettingsStore | null, now = Date.now()): Promise<PendingCheck | null> {
  if (!store) return null;
  let present: unknown;
  try {
    present = store.get(PENDING_CHECK_KEY);
  } catch {
    present = null;
  }
  if (present === null || present === undefined) return null;
  const pending = readPendingCheck(store, now);
  store.remove(PENDING_CHECK_KEY);
  try {
    await saveStore(store);
  } catch {
    // not saved: the next pane finds it again, and checks once more — harmless
  }
  return pending;
}
