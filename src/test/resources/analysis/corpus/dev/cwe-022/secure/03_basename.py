import os

NOTES_DIR = "/home/app/notes"


def load_note(note_name):
    safe_name = os.path.basename(note_name)
    with open(os.path.join(NOTES_DIR, safe_name)) as fh:
        return fh.read()
