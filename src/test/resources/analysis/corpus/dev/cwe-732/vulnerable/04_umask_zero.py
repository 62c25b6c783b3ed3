import os


def write_pid_file(pid_path):
    os.umask(0)
    with open(pid_path, "w") as fh:
        fh.write(str(os.getpid()))
