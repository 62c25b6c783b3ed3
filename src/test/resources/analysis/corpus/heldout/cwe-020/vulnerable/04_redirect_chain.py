from flask import Flask, request, redirect

app = Flask(__name__)


@app.post("/done")
def done():
    dest = request.form["dest"]
    target = dest.strip()
    resp = redirect(target)
    resp.headers["Cache-Control"] = "no-store"
    return resp
