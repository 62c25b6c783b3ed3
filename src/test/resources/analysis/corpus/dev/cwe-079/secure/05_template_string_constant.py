from flask import Flask, request, render_template_string

app = Flask(__name__)
CARD = "<div class='card'><h2>{{ title }}</h2></div>"


@app.route("/card")
def card():
    title = request.args.get("title", "")
    return render_template_string(CARD, title=title)
