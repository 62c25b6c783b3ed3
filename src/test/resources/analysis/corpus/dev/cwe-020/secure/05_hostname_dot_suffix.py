from urllib.parse import urlparse


def is_allowed_callback(callback_url):
    host = urlparse(callback_url).hostname or ""
    return host == "example.com" or host.endswith(".example.com")
