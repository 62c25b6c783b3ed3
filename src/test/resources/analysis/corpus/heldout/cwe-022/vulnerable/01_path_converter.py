import os
from flask import Flask

app = Flask(__name__)


@app.route("/reports/<path:report_name>")
def show_report(report_name):
    with open(os.path.join("reports", report_name + ".txt")) as fh:
        return {"content": fh.read()}
