import html
from flask import Flask, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    message = request.args.get("msg", "")
    safe = html.escape(message)
    return f"<p>You said: {safe}</p>"
