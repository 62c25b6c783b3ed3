import os
from flask import Flask, request

app = Flask(__name__)


@app.post("/thumbnail")
def thumbnail():
    image = request.files["image"]
    filename = image.filename
    image.save("/tmp/uploads/" + os.path.basename(filename))
    os.system(f"convert /tmp/uploads/{filename} -resize 50% /tmp/thumbs/thumb.png")
    return "created"
