import tarfile
from flask import Flask, request

app = Flask(__name__)


@app.post("/import")
def import_bundle():
    upload = request.files["bundle"]
    with tarfile.open(fileobj=upload.stream, mode="r:*") as tf:
        tf.extractall("/srv/data/imports")
    return "imported"
