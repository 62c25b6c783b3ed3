from urllib.parse import urlparse
from flask import Flask, request, redirect, abort

app = Flask(__name__)


@app.route("/leave")
def leave():
    url = request.args.get("to", "")
    host = urlparse(url).hostname
    if host not in {"example.com", "www.example.com"}:
        abort(400)
    return redirect(url)
