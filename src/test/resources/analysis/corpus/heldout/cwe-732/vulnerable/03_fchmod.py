import os


def write_token_cache(path, token):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    os.write(fd, token.encode())
    os.fchmod(fd, 0o666)
    os.close(fd)
