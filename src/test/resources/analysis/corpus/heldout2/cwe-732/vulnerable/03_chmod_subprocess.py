import subprocess


def open_shared_folder():
    subprocess.run(["chmod", "-R", "777", "/srv/shared"], check=True)
