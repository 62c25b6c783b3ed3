import os


def show_listing(directory):
    pid = os.fork()
    if pid == 0:
        os.execvp("ls", ["ls", "-la", directory])
    os.waitpid(pid, 0)
