from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/var/www/uploads"


@app.route("/uploads")
def get_upload():
    filename = secure_filename(request.args["filename"])
    return send_from_directory(UPLOADS, filename)
