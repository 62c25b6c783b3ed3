import re
from flask import Flask, request, redirect

app = Flask(__name__)
HOST_PATTERN = re.compile("(www|api).mysite.org")


@app.route("/out")
def outbound():
    url = request.args.get("url", "/")
    if HOST_PATTERN.search(url):
        return redirect(url)
    return redirect("/")
