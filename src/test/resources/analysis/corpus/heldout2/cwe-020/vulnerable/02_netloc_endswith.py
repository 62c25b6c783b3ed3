from urllib.parse import urlparse
from flask import Flask, request, redirect, abort

app = Flask(__name__)


@app.route("/sso/callback")
def sso_callback():
    return_url = request.args.get("return_url", "/")
    parsed = urlparse(return_url)
    if not parsed.netloc.endswith("example.com"):
        abort(400)
    return redirect(return_url)
