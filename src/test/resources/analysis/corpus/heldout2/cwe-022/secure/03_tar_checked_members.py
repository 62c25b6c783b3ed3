import os
import tarfile


def is_within(directory, target):
    directory = os.path.realpath(directory)
    return os.path.realpath(target).startswith(directory + os.sep)


def restore(archive, dest):
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if is_within(dest, os.path.join(dest, m.name))]
        tar.extractall(dest, members=members)
