from urllib.parse import urlparse


def validate_docs_link(link):
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or parsed.netloc != "docs.example.com":
        raise ValueError("links must point to docs.example.com")
    return link
