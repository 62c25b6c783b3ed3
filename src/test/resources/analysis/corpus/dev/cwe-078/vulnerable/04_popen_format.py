import os


def grep_logs(pattern):
    pipe = os.popen("grep -n {} /var/log/app/app.log".format(pattern))
    lines = pipe.read().splitlines()
    pipe.close()
    return lines
