from flask import Flask, request, render_template
from markupsafe import Markup

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    username = request.args.get("user", "guest")
    # Markup.format escapes its arguments.
    banner = Markup("<b>Welcome back, {}</b>").format(username)
    return render_template("welcome.html", banner=banner)
