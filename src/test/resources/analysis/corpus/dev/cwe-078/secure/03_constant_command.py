import os


def disk_report():
    # A fixed command: nothing from the caller reaches the shell.
    os.system("df -h > /tmp/disk_report.txt")
    with open("/tmp/disk_report.txt") as fh:
        return fh.read()
