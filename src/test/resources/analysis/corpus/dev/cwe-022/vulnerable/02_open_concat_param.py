def read_user_document(filename):
    with open("/var/www/documents/" + filename, "r", encoding="utf-8") as fh:
        return fh.read()
