import os

SHARED_MODE = 0o777


def prepare_spool(spool_file):
    with open(spool_file, "w") as fh:
        fh.write("")
    os.chmod(spool_file, SHARED_MODE)
