from flask import Flask, request, render_template
from markupsafe import Markup

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    username = request.cookies.get("username", "guest")
    banner = Markup("<b>Welcome back, %s</b>" % username)
    return render_template("welcome.html", banner=banner)
