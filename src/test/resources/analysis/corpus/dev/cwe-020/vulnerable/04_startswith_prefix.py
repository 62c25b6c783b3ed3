from flask import Flask, request, redirect, abort

app = Flask(__name__)


@app.route("/continue")
def continue_to():
    target = request.args.get("to", "")
    if not target.startswith("https://example.com"):
        abort(400)
    return redirect(target)
