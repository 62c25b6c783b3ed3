from flask import Flask, request, redirect, abort

app = Flask(__name__)
ALLOWED_URLS = {"https://example.com/welcome", "https://example.com/pricing"}


@app.route("/promo")
def promo():
    url = request.args.get("url", "")
    if url not in ALLOWED_URLS:
        abort(400)
    return redirect(url)
