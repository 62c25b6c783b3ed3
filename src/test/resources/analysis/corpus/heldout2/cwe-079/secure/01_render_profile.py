from flask import Flask, request, render_template

app = Flask(__name__)


@app.route("/profile")
def profile():
    user = {"name": request.args.get("name", ""), "bio": request.args.get("bio", "")}
    return render_template("profile.html", user=user)
