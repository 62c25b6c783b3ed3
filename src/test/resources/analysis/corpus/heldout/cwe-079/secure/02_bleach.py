import bleach
from flask import Flask, request

app = Flask(__name__)


@app.post("/preview")
def preview():
    body = request.form.get("body", "")
    cleaned = bleach.clean(body, tags=["b", "i", "a"], strip=True)
    return "<article>" + cleaned + "</article>"
