import os
import stat


def make_shared_log(log_path):
    open(log_path, "a").close()
    os.chmod(log_path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
