import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/manifest")
def manifest():
    text = request.get_data(as_text=True)
    doc = yaml.load(text, Loader=yaml.CSafeLoader)
    return {"name": doc.get("name")}
