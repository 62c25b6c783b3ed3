import tarfile


def unpack_backup(archive_path, dest_dir):
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(path=dest_dir, filter="data")
