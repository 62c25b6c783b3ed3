from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)


@app.route("/bio")
def bio():
    text = request.args.get("bio", "")
    tmpl = Template("<section class='bio'>{{ bio }}</section>")
    return tmpl.render(bio=text)
