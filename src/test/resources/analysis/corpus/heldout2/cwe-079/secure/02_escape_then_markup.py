from flask import Flask, request, render_template
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/comment", methods=["POST"])
def comment():
    text = escape(request.form["comment"])
    rendered = Markup(f"<p class='comment'>{text}</p>")
    return render_template("comment.html", rendered=rendered)
