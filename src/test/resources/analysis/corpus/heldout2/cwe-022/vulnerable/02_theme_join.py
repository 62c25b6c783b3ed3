import os
from flask import Flask, request, Response

app = Flask(__name__)


@app.route("/theme.css", methods=["POST"])
def theme_css():
    theme_file = os.path.join(app.root_path, "static", request.form["theme"], "style.css")
    with open(theme_file) as fh:
        css = fh.read()
    return Response(css, mimetype="text/css")
