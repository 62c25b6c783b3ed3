from flask import Flask, request, redirect

app = Flask(__name__)


@app.route("/go")
def go():
    url = request.args.get("url", "")
    if "example.com" in url:
        return redirect(url)
    return redirect("/")
