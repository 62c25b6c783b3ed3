import tarfile


def restore(archive, dest):
    tar = tarfile.open(archive)
    for member in tar.getmembers():
        tar.extract(member, path=dest)
    tar.close()
