from flask import Flask, request, render_template_string

app = Flask(__name__)


@app.route("/card")
def card():
    title = request.args.get("title", "")
    template = "<div class='card'><h2>{}</h2></div>".format(title)
    return render_template_string(template)
