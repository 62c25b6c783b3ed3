from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    raw = request.args.get("q", "")
    query = raw.strip()
    shown = query[:200]
    page = f"<html><body><p>Results for <em>{shown}</em></p></body></html>"
    return page
