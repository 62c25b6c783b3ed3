import re


def is_trusted_origin(origin):
    return re.match("https://(.*).example.com", origin) is not None
