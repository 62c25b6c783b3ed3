from urllib.parse import urlparse
from flask import Flask, request, redirect

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/go")
def go():
    url = request.args.get("url", "")
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.netloc in ALLOWED_HOSTS:
        return redirect(url)
    return redirect("/")
