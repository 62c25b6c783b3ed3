import tarfile


def unpack_backup(archive_path, dest_dir):
    tar = tarfile.open(archive_path, "r:gz")
    tar.extractall(path=dest_dir)
    tar.close()
