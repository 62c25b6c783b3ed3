import subprocess


def archive_folder(folder, archive_name):
    subprocess.call(f"tar czf {archive_name}.tar.gz {folder}", shell=True)
    return archive_name + ".tar.gz"
