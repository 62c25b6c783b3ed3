import os
import pickle
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/models"


@app.route("/models", methods=["POST"])
def upload_model():
    f = request.files["model"]
    path = os.path.join(UPLOAD_DIR, secure_filename(f.filename))
    f.save(path)
    model = pickle.load(open(path, "rb"))
    return {"model": type(model).__name__}
