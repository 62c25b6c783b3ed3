from flask import Flask, request, render_template_string

app = Flask(__name__)


@app.route("/hi")
def hi():
    name = request.args.get("name", "friend")
    return render_template_string(f"<h1>Hi {name}</h1>")
