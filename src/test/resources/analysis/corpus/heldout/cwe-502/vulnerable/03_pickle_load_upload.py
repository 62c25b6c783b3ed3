import pickle
from flask import Flask, request

app = Flask(__name__)


@app.post("/models")
def upload_model():
    upload = request.files["model"]
    model = pickle.load(upload.stream)
    return {"type": type(model).__name__}
