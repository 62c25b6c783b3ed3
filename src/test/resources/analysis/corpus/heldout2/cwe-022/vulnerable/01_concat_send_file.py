from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/uploads")
def get_upload():
    filename = request.args.get("filename")
    path = "/var/www/uploads/" + filename
    return send_file(path)
