package dev.signpost.core.storage;

/**
 * What opening a {@link JournalStore} does with a damaged journal record that has valid records after it.
 * Damage with nothing valid after it is a torn tail (a crash mid-write, nothing acknowledged) and is cut
 * in either mode.
 */
public enum RepairMode {

  /**
   * Stop the start with a {@link StoreException} and leave the journal as it is: cutting there would
   * delete acknowledged records, and which copy to trust is the operator's call.
   */
  REFUSE,

  /**
   * Move the damaged record and everything after it to a side file beside the journal
   * ({@code journal.log.corrupt-<UTC time>}), keep every record before it, and start ({@code --repair-journal}).
   */
  SET_ASIDE
}
